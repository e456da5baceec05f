#include "generator/publish/pdf_renderer.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace manualgen {

namespace fs = std::filesystem;

namespace {

std::string install_hint() {
  return std::string("install the Debian package: apt-get install ") + kPdfRendererPackage +
         " (scripts/setup does), or pass --pdf-renderer PROGRAM";
}

bool executable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::optional<std::string> find_program(const std::string& program) {
  if (program.find('/') != std::string::npos) return executable(program) ? std::optional(program) : std::nullopt;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    if (executable(candidate)) return candidate.string();
  }
  return std::nullopt;
}

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

// Runs `args` to completion with stdout captured; false if it could not start or exited non-zero.
bool run_capture(std::vector<std::string> args, std::string& out) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  auto argv = argv_of(args);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return false;
  }
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
  return s.substr(start);
}

// "WeasyPrint version 57.2" → 57.
int major_version(const std::string& version) {
  auto digit =
      std::find_if(version.begin(), version.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  return digit == version.end() ? 0 : std::atoi(&*digit);
}

// The last lines of a renderer's log: enough to see the error, not its whole traceback.
std::string log_tail(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("WARNING:", 0) != 0) lines.push_back(line);
  std::string out;
  for (size_t i = lines.size() > 6 ? lines.size() - 6 : 0; i < lines.size(); ++i) out += "\n    " + lines[i];
  return out;
}

using Clock = std::chrono::steady_clock;

// A renderer process at work on `jobs[job]`.
struct RunningJob {
  pid_t pid;
  size_t job;
  Clock::time_point start;
};

// Starts the renderer on `job`, with its stderr going to the job's log. Nullopt, with `error`
// saying why, when it cannot start.
std::optional<pid_t> spawn_renderer(const PdfRenderer& renderer, const PdfJob& job, std::string& error) {
  auto args = renderer.command(job);
  auto argv = argv_of(args);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, job.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == 0) return pid;
  error = std::string("cannot start the renderer: ") + std::strerror(rc);
  return std::nullopt;
}

// What came of a renderer that exited with `status`: a PDF only when it exited 0 and the output
// starts as a PDF does.
PdfJobResult job_result(const PdfJob& job, int status, Clock::time_point start) {
  PdfJobResult result;
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  std::ifstream pdf(job.output, std::ios::binary);
  char magic[5] = {};
  pdf.read(magic, 5);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && std::string(magic, 5) == "%PDF-") {
    result.ok = true;
  } else {
    result.error = (WIFEXITED(status) ? "the renderer exited with status " + std::to_string(WEXITSTATUS(status))
                                      : std::string("the renderer was killed by a signal")) +
                   log_tail(job.log);
  }
  return result;
}

// Takes the results of the renderers that have exited out of `running`; true if there was one.
// Polls only our own children: waiting for any child would reap processes that are not ours.
bool reap_finished(std::vector<RunningJob>& running, const std::vector<PdfJob>& jobs,
                   std::vector<PdfJobResult>& results) {
  bool reaped = false;
  for (auto it = running.begin(); it != running.end();) {
    int status = 0;
    if (::waitpid(it->pid, &status, WNOHANG) == it->pid) {
      results[it->job] = job_result(jobs[it->job], status, it->start);
      it = running.erase(it);
      reaped = true;
    } else {
      ++it;
    }
  }
  return reaped;
}

}  // namespace

PdfRenderer::PdfRenderer(std::string path, std::string version, bool tagged)
    : path_(std::move(path)), version_(std::move(version)), tagged_(tagged) {
  identity_ = version_ + (tagged_ ? " --pdf-variant pdf/ua-1" : "");
}

std::optional<PdfRenderer> PdfRenderer::find(const std::string& program, Diagnostics& diags) {
  auto path = find_program(program);
  if (!path) {
    diags.error({},
                program.find('/') == std::string::npos
                    ? "the PDF renderer \"" + program + "\" is not installed (not found in PATH)"
                    : "the PDF renderer \"" + program + "\" does not exist or is not executable",
                install_hint());
    return std::nullopt;
  }
  std::string version;
  if (!run_capture({*path, "--version"}, version)) {
    diags.error({}, "the PDF renderer \"" + *path + "\" does not run (\"--version\" failed)", install_hint());
    return std::nullopt;
  }
  version = trim(version);
  return PdfRenderer(*path, version, major_version(version) >= 57);
}

std::vector<std::string> PdfRenderer::command(const PdfJob& job) const {
  std::vector<std::string> args = {path_};
  // PDF/UA-1: a tagged PDF with the document's language and title, for screen readers.
  if (tagged_) args.insert(args.end(), {"--pdf-variant", "pdf/ua-1"});
  if (!job.stylesheet.empty()) args.insert(args.end(), {"--stylesheet", job.stylesheet});
  if (!job.base_url.empty()) args.insert(args.end(), {"--base-url", job.base_url});
  args.insert(args.end(), {job.html, job.output});
  return args;
}

std::vector<PdfJobResult> run_pdf_jobs(const PdfRenderer& renderer, const std::vector<PdfJob>& jobs, int parallel) {
  std::vector<PdfJobResult> results(jobs.size());
  std::vector<RunningJob> running;
  const size_t limit = static_cast<size_t>(std::max(1, parallel));
  for (size_t next = 0; next < jobs.size() || !running.empty();) {
    for (; next < jobs.size() && running.size() < limit; ++next)
      if (auto pid = spawn_renderer(renderer, jobs[next], results[next].error))
        running.push_back({*pid, next, Clock::now()});
    if (!reap_finished(running, jobs, results) && !running.empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return results;
}

}  // namespace manualgen
