#include "generator/publish/pdf_renderer.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "generator/core/base_layer.h"
#include "generator/core/fingerprint.h"

extern char** environ;

namespace manualgen {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// One worker process. `fd` is our end of a socket that is the worker's stdin and stdout: a
/// socket rather than two pipes, so that writing to a worker that died is an error (MSG_NOSIGNAL)
/// and not a SIGPIPE that ends manualgen.
struct PdfWorker {
  pid_t pid = -1;
  int fd = -1;
  std::string log;       // its stderr
  std::string received;  // read, not yet a whole line
  bool greeted = false;  // its first line was read
  std::optional<size_t> job;
  Clock::time_point start;
  std::streamoff log_start = 0;  // where its stderr stood when it took `job`

  PdfWorker() = default;
  PdfWorker(const PdfWorker&) = delete;
  PdfWorker& operator=(const PdfWorker&) = delete;
  // Closing the socket ends its input, and it exits; one killed mid-document is asked to stop first.
  ~PdfWorker() {
    if (fd >= 0) ::close(fd);
    if (pid <= 0) return;
    if (job) ::kill(pid, SIGTERM);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
};

namespace {

std::string install_hint() {
  return std::string("install the Debian package: apt-get install ") + kPdfRendererPackage + " (scripts/setup does)";
}

bool executable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::optional<std::string> find_in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    if (executable(candidate)) return candidate.string();
  }
  return std::nullopt;
}

// The shipped worker: beside the program (the build tree and an installed manualgen have it
// there), else in the source tree the program was built from (a copied program, as bench/ uses).
std::optional<std::string> find_shipped_worker() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) candidates.push_back(exe.parent_path() / kPdfWorkerName);
  candidates.push_back(fs::path(find_base_layer().dir) / kPdfWorkerName);  // where cmake --install puts it
  candidates.push_back(MANUALGEN_PDF_WORKER_SOURCE);
  for (const auto& candidate : candidates)
    if (executable(candidate)) return candidate.string();
  return std::nullopt;
}

// The end of a worker's stderr since `from`, without WeasyPrint's warnings: enough to see why it
// died, not the whole traceback.
std::string log_tail(const std::string& path, std::streamoff from) {
  std::ifstream in(path);
  in.seekg(from);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("WARNING:", 0) != 0) lines.push_back(line);
  std::string out;
  for (size_t i = lines.size() > 6 ? lines.size() - 6 : 0; i < lines.size(); ++i) out += "\n    " + lines[i];
  return out;
}

std::streamoff file_size(const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<std::streamoff>(size);
}

// Starts `program` with a socket as its stdin and stdout and its stderr appended to `log`.
std::unique_ptr<PdfWorker> spawn_worker(const std::string& program, const std::string& log, std::string& error) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    error = std::string("cannot make a socket for the PDF worker: ") + std::strerror(errno);
    return nullptr;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  std::string arg0 = program;
  char* argv[] = {arg0.data(), nullptr};
  auto worker = std::make_unique<PdfWorker>();
  int rc = posix_spawn(&worker->pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  worker->fd = fds[0];
  worker->log = log;
  if (rc == 0) return worker;
  worker->pid = -1;
  error = "cannot start the PDF worker " + program + ": " + std::strerror(rc);
  return nullptr;
}

// Reads what the worker has sent; true when a whole line is in `line`. False with `line` empty
// when the worker closed its end (it exited) and sent nothing more.
bool read_line(PdfWorker& worker, std::string& line) {
  line.clear();
  for (;;) {
    if (auto end = worker.received.find('\n'); end != std::string::npos) {
      line = worker.received.substr(0, end);
      worker.received.erase(0, end + 1);
      return true;
    }
    char buf[4096];
    ssize_t n = ::read(worker.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    worker.received.append(buf, static_cast<size_t>(n));
  }
}

// How a worker that closed its end exited. (Its end is its stdin and stdout, which it closes only
// by exiting, so this does not wait for long.)
std::string exit_description(PdfWorker& worker) {
  int status = 0;
  while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
  }
  worker.pid = -1;
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

bool send_job(PdfWorker& worker, const PdfJob& job) {
  const std::string line =
      nlohmann::json{
          {"html", job.html}, {"output", job.output}, {"base_url", job.base_url}, {"stylesheet", job.stylesheet}}
          .dump() +
      "\n";
  for (size_t sent = 0; sent < line.size();) {
    ssize_t n = ::send(worker.fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// A worker's first line: what it renders with and what it is made of, or that WeasyPrint is
// missing. False, with `error` saying why, when it is not ready.
bool read_greeting(PdfWorker& worker, const std::string& program, PdfRendererRecord& record, std::string& error) {
  std::string line;
  worker.greeted = true;
  if (!read_line(worker, line)) {
    error =
        "the PDF worker " + program + " " + exit_description(worker) + " before it was ready" + log_tail(worker.log, 0);
    return false;
  }
  auto greeting = nlohmann::json::parse(line, nullptr, false);
  if (greeting.is_object() && greeting.contains("missing")) {
    error = "WeasyPrint, which renders the PDFs, is not installed: " + greeting.value("error", std::string());
    return false;
  }
  if (!greeting.is_object() || !greeting.contains("renderer")) {
    error = "the PDF worker " + program + " did not greet as manualgen's worker does; it said: " + line.substr(0, 200);
    return false;
  }
  record.identity = greeting.value("renderer", std::string());
  record.files = {{program, file_signature(program)}};
  for (const auto& file : greeting.value("files", nlohmann::json::array()))
    if (file.is_string()) record.files.emplace_back(file.get<std::string>(), file_signature(file.get<std::string>()));
  return true;
}

// What came of `job` from the worker's reply: a PDF only when it said so and the output starts
// as a PDF does.
PdfJobResult job_result(const PdfJob& job, const nlohmann::json& reply, Clock::time_point start) {
  PdfJobResult result;
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  std::ifstream pdf(job.output, std::ios::binary);
  char magic[5] = {};
  pdf.read(magic, 5);
  if (!reply.value("ok", false))
    result.error = "the renderer failed: " + reply.value("error", std::string("(no message)"));
  else if (std::string(magic, 5) != "%PDF-")
    result.error = "the renderer said it wrote the PDF, but " + job.output + " is not one";
  else
    result.ok = true;
  return result;
}

// The workers of one `run` and the jobs they have taken.
class WorkerPool {
 public:
  WorkerPool(const std::string& program, const std::vector<PdfJob>& jobs, size_t limit, std::string log_folder)
      : program_(program), jobs_(jobs), limit_(limit), log_folder_(std::move(log_folder)), results_(jobs.size()) {}

  void adopt(std::unique_ptr<PdfWorker> worker) {
    if (worker) workers_.push_back(std::move(worker));
  }

  std::vector<PdfJobResult> run() {
    while (done_ < jobs_.size()) {
      fill();
      if (done_ < jobs_.size()) wait_and_read();
    }
    return std::move(results_);
  }

 private:
  // Gives each ready worker a job, and starts workers while there are jobs for them. A worker that
  // cannot start fails every job no worker took.
  void fill() {
    while (next_ < jobs_.size() && workers_.size() < std::min(limit_, jobs_.size() - done_) && !broken_) {
      std::string error;
      auto worker = spawn_worker(program_, log_folder_ + "/worker-" + std::to_string(spawned_++) + ".log", error);
      if (!worker) {
        fail_rest(error);
        return;
      }
      workers_.push_back(std::move(worker));
    }
    for (auto& worker : workers_) {
      if (!worker->greeted || worker->job || next_ >= jobs_.size()) continue;
      worker->job = next_++;
      worker->start = Clock::now();
      worker->log_start = file_size(worker->log);
      // A worker that died in the meantime shows as a hang-up in `wait_and_read`.
      send_job(*worker, jobs_[*worker->job]);
    }
    if (broken_ && workers_.empty()) fail_rest(broken_error_);
  }

  void fail_rest(const std::string& error) {
    broken_ = true;
    broken_error_ = error;
    for (; next_ < jobs_.size(); ++next_, ++done_) results_[next_].error = error;
  }

  // Waits until a worker says something (or dies) and takes it in.
  void wait_and_read() {
    std::vector<pollfd> fds;
    for (const auto& worker : workers_) fds.push_back({worker->fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) return;  // EINTR: look again
    for (size_t i = fds.size(); i-- > 0;)
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) take_in(i);
  }

  void take_in(size_t index) {
    PdfWorker& worker = *workers_[index];
    if (!worker.greeted) {
      PdfRendererRecord record;
      std::string error;
      if (read_greeting(worker, program_, record, error)) return;
      broken_ = true;
      broken_error_ = error;
      workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(index));
      return;
    }
    std::string line;
    if (!read_line(worker, line)) return lost(index, "");
    auto reply = nlohmann::json::parse(line, nullptr, false);
    if (!worker.job || !reply.is_object()) return lost(index, line);
    results_[*worker.job] = job_result(jobs_[*worker.job], reply, worker.start);
    worker.job.reset();
    ++done_;
  }

  // The worker died, or said `nonsense` instead of a reply: its document fails with what it wrote
  // to stderr, and it is ended; `fill` starts another for the remaining documents.
  void lost(size_t index, const std::string& nonsense) {
    PdfWorker& worker = *workers_[index];
    if (!nonsense.empty()) ::kill(worker.pid, SIGKILL);
    const std::string what = nonsense.empty() ? exit_description(worker) + " while rendering it"
                                              : "answered something else than a reply: " + nonsense.substr(0, 200);
    if (worker.job) {
      auto& result = results_[*worker.job];
      result.error = "the PDF worker " + what + log_tail(worker.log, worker.log_start);
      result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - worker.start);
      worker.job.reset();
      ++done_;
    }
    workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(index));
  }

  const std::string& program_;
  const std::vector<PdfJob>& jobs_;
  size_t limit_;
  std::string log_folder_;
  std::vector<PdfJobResult> results_;
  std::vector<std::unique_ptr<PdfWorker>> workers_;
  size_t next_ = 0;  // the first job no worker took
  size_t done_ = 0;  // jobs with a result
  int spawned_ = 0;
  bool broken_ = false;  // a worker could not start: no more are started
  std::string broken_error_;
};

}  // namespace

std::string file_signature(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + "." + std::to_string(st.st_size) + "." + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

PdfRenderer::PdfRenderer(std::string program) : program_(std::move(program)) {}
PdfRenderer::PdfRenderer(PdfRenderer&&) noexcept = default;
PdfRenderer& PdfRenderer::operator=(PdfRenderer&&) noexcept = default;
PdfRenderer::~PdfRenderer() = default;

std::optional<PdfRenderer> PdfRenderer::find(const std::string& program, Diagnostics& diags) {
  std::optional<std::string> path;
  if (program.empty())
    path = find_shipped_worker();
  else
    path = program.find('/') != std::string::npos ? (executable(program) ? std::optional(program) : std::nullopt)
                                                  : find_in_path(program);
  if (!path) {
    diags.error({},
                program.empty() ? std::string("manualgen's PDF worker (") + kPdfWorkerName +
                                      ") is neither beside the program nor in its source tree"
                                : "the PDF worker \"" + program + "\" does not exist or is not executable",
                program.empty() ? "reinstall manualgen, or pass --pdf-worker PROGRAM" : install_hint());
    return std::nullopt;
  }
  return PdfRenderer(*path);
}

bool PdfRenderer::recognise(const PdfRendererRecord& recorded) {
  if (recorded.identity.empty() || recorded.files.empty() || recorded.files.front().first != program_) return false;
  for (const auto& [path, signature] : recorded.files)
    if (signature.empty() || file_signature(path) != signature) return false;
  record_ = recorded;
  return true;
}

bool PdfRenderer::start(const std::string& log_folder, Diagnostics& diags) {
  std::string error;
  auto worker = spawn_worker(program_, log_folder + "/worker-start.log", error);
  if (!worker || !read_greeting(*worker, program_, record_, error)) {
    diags.error({}, error, install_hint());
    return false;
  }
  // A different worker program may render differently: its bytes are part of what it is.
  std::ifstream in(program_, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  record_.identity += "; worker " + fingerprint(bytes.str());
  started_ = std::move(worker);
  return true;
}

std::vector<PdfJobResult> PdfRenderer::run(const std::vector<PdfJob>& jobs, int parallel,
                                           const std::string& log_folder) {
  WorkerPool pool(program_, jobs, static_cast<size_t>(std::max(1, parallel)), log_folder);
  pool.adopt(std::move(started_));
  return pool.run();
}

}  // namespace manualgen
