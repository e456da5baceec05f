#pragma once
// Shared test helpers: temporary folders, a project around a custom config, the example config,
// the manualgen binary run and started.

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "generator/build/build.h"

namespace manualgen::test {

std::filesystem::path source_dir();

/// A fresh folder removed again at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_text(const std::filesystem::path& p);
void write_text(const std::filesystem::path& p, const std::string& text);

/// The example site-config.json of the repository.
nlohmann::json example_config();
/// The example config with `count` organisations, each a copy of its third under another id.
nlohmann::json many_organisations(int count);

/// Every regular file below `dir`, relative path → bytes.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir);

/// A project folder with a copy of the repository's content, themes, assets and locales, a
/// site-config.json of our own, and extra files written over it (relative path → text), e.g. a
/// new locale or a broken prose file.
class ProjectFixture {
 public:
  explicit ProjectFixture(const nlohmann::json& config, const std::map<std::string, std::string>& extra_files = {});
  std::string config_path() const { return (dir_.path() / "site-config.json").string(); }
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
};

/// Every diagnostic formatted as manualgen prints it, one after the other, for INFO and assertions.
std::string messages(const Diagnostics& diags);

/// Loads and builds; returns the diagnostics as one string for assertions.
struct BuildRun {
  bool ok = false;
  Diagnostics diags;
  BuildSummary summary;
  std::string messages() const;
};
BuildRun build(const std::string& config_path, const std::string& out);

/// Runs the manualgen binary with `args` (a shell-quoted string); returns the exit status and
/// fills `output` with stdout and stderr.
int run_manualgen(const std::string& args, std::string& output);

/// Starts the manualgen binary with `args`, its stdout and stderr going to the file `log`, and
/// returns at once with its pid (0 if it could not be started).
pid_t spawn_manualgen(const std::vector<std::string>& args, const std::string& log = "/dev/null");
/// Waits for the process `pid` to end; its wait status.
int wait_for(pid_t pid);

}  // namespace manualgen::test
