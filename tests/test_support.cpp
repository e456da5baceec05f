#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

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

}  // namespace manualgen::test
