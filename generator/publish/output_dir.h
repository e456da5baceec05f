#pragma once
// The output folder, never left half-written. Everything a build writes goes to a staging folder
// beside it first; only when every page was rendered without error does `commit` put it in place:
//  - a new output folder: the staging folder is renamed to it (one step);
//  - an existing one: staging holds only the files whose bytes changed, and commit renames each
//    of them over the old file (each rename is atomic) and removes the files the site no longer
//    has. Unchanged files are not touched, so they keep their modification times.
// A build that fails or is interrupted before commit leaves the previous site as it was.

#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

class OutputDir {
 public:
  /// Prepares staging for `out`. Refuses an `out` that exists and was not made by manualgen, so a
  /// mistyped --out never deletes someone's folder.
  static std::optional<OutputDir> begin(const std::string& out, Diagnostics& diags);

  OutputDir(OutputDir&& other) noexcept;
  OutputDir& operator=(OutputDir&&) = delete;
  OutputDir(const OutputDir&) = delete;
  ~OutputDir();  // removes staging unless committed

  enum class Outcome { written, unchanged, failed };

  /// Stages `bytes` for `relative` unless the site already holds exactly them. Safe to call from
  /// several threads for different files.
  Outcome write(const std::string& relative, const std::string& bytes, Diagnostics& diags);
  /// Stages a copy of `source` unless the site already holds the same bytes.
  Outcome copy_file(const std::string& relative, const std::string& source, Diagnostics& diags);
  /// Marks files of the current site (paths relative to the output) for removal at commit;
  /// returns how many of them exist.
  int remove(const std::vector<std::string>& relative_paths);
  /// Puts the staged files in place and removes the stale ones.
  bool commit(Diagnostics& diags);
  /// Drops staging without touching the output.
  void discard();

  /// Whether the output folder existed when the build began.
  bool existed() const { return existed_; }

 private:
  OutputDir(std::string out, std::string staging, bool existed)
      : out_(std::move(out)), staging_(std::move(staging)), existed_(existed) {}
  /// Makes folder `relative` and its parents in staging, each once per build.
  void make_folder(const std::string& relative);
  std::string out_;
  std::string staging_;
  bool existed_ = false;
  bool done_ = false;
  std::mutex mutex_;
  std::vector<std::string> staged_;          // relative paths written to staging
  std::vector<std::string> stale_;           // relative paths to remove from the output
  std::unordered_set<std::string> folders_;  // made in staging: thousands of files share them
};

/// Name of the marker file manualgen leaves in every output folder.
inline constexpr const char* kOutputMarker = ".manualgen-output";

}  // namespace manualgen
