#include "test_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

extern char** environ;

namespace manualgen::test {

fs::path source_dir() { return MANUALGEN_SOURCE_DIR; }

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("manualgen-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

nlohmann::json example_config() { return nlohmann::json::parse(read_text(source_dir() / "site-config.json")); }

nlohmann::json many_organisations(int count) {
  nlohmann::json config = example_config();
  nlohmann::json model = config["organisations"][2];
  config["organisations"] = nlohmann::json::array();
  for (int i = 0; i < count; ++i) {
    nlohmann::json org = model;
    org["id"] = "org-" + std::to_string(i);
    org["name"] = "Organisatie " + std::to_string(i);
    config["organisations"].push_back(org);
  }
  return config;
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().lexically_relative(dir).string()] = read_text(e.path());
  return files;
}

ProjectFixture::ProjectFixture(const nlohmann::json& config, const std::map<std::string, std::string>& extra_files) {
  // Copied, not linked: manualgen refuses links that lead out of the project (and a test that
  // replaces a file must never write into the repository).
  const fs::path src = source_dir();
  for (const char* folder : {"themes", "assets", "content", "locales"})
    fs::copy(src / folder, dir_.path() / folder, fs::copy_options::recursive);
  for (const auto& [rel, text] : extra_files) write_text(dir_.path() / rel, text);
  write_text(dir_.path() / "site-config.json", config.dump(2));
}

std::string messages(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.all()) out += format_diagnostic(d) + "\n";
  return out;
}

std::string BuildRun::messages() const { return test::messages(diags); }

BuildRun build(const std::string& config_path, const std::string& out) {
  BuildRun run;
  auto project = load_project(config_path, run.diags);
  BuildOptions options;
  options.config = config_path;
  options.out = out;
  run.ok = project && build_site(*project, options, run.diags, run.summary);
  return run;
}

int run_manualgen(const std::string& args, std::string& output) {
  std::string command = std::string(MANUALGEN_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buffer{};
  output.clear();
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

pid_t spawn_manualgen(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> all = {MANUALGEN_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return error == 0 ? pid : 0;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace manualgen::test
