#pragma once
// Shared test helpers: temporary folders, a project around a custom config, the example config.

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

}  // namespace manualgen::test
