#pragma once
// The output folder, never half-written and never a mix of two builds. Everything a build writes
// goes to a staging folder beside it, which becomes the complete new site:
//  - files whose bytes changed are written there;
//  - files whose bytes are the same, and every other file of the old site the build does not
//    remove (pages of organisations it did not render, the PDFs, files it did not make), are hard
//    links to the old site's, so they keep their modification time and nothing is copied.
// Once every page was rendered without error, `complete` adds the files kept, and `commit` puts
// staging in place: as a new output folder by one rename, over an existing one by exchanging the
// two folders in one renameat2(RENAME_EXCHANGE); the old site, now under the staging name, is then
// removed. So a
// build that fails or is killed at any moment leaves the old site or the new one, whole; what it
// leaves beside the output, the next build removes (output_lock.h).
// Nothing of the old site is opened for writing, and its symbolic links are neither followed nor
// carried into the new site.

#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

class OutputDir {
 public:
  /// Exchanges the folders `a` and `b` in one step; 0, or -1 with errno. The real one is
  /// renameat2(RENAME_EXCHANGE); tests give one that fails as a file system without it does.
  using ExchangeFolders = int (*)(const char* a, const char* b);
  static int exchange_folders(const char* a, const char* b);

  /// Prepares staging for `out` (see resolve_output_folder for a symbolic link) and reads which
  /// files the current site has. Refuses an `out` that exists and was not made by manualgen, so a
  /// mistyped --out never deletes someone's folder.
  static std::optional<OutputDir> begin(const std::string& out, Diagnostics& diags,
                                        ExchangeFolders exchange = exchange_folders);

  OutputDir(OutputDir&& other) noexcept;
  OutputDir& operator=(OutputDir&&) = delete;
  OutputDir(const OutputDir&) = delete;
  ~OutputDir();  // removes staging unless committed

  enum class Outcome { written, unchanged, failed };

  /// Stages `bytes` for `relative`: a link to the current file when it holds exactly them. Safe to
  /// call from several threads for different files.
  Outcome write(const std::string& relative, const std::string& bytes, Diagnostics& diags);
  /// Stages a copy of `source` unless the site already holds the same bytes.
  Outcome copy_file(const std::string& relative, const std::string& source, Diagnostics& diags);
  /// Leaves files of the current site (paths relative to the output) out of the new one;
  /// returns how many of them exist.
  int remove(const std::vector<std::string>& relative_paths);
  /// Completes the new site with every file of the current one that is neither staged nor
  /// removed, walking the two trees side by side. A symbolic link or another thing that is not a
  /// file is left out, with a warning, and listed in `left_out`.
  bool complete(Diagnostics& diags);
  /// What `complete` left out where the new site has nothing, by path relative to the output.
  const std::vector<std::string>& left_out() const { return left_out_; }
  /// Puts the new site in place, completing it first if `complete` was not called.
  bool commit(Diagnostics& diags);
  /// Drops staging without touching the output.
  void discard();

  /// Whether the output folder existed when the build began.
  bool existed() const { return existed_; }

 private:
  OutputDir(std::string out, std::string staging, bool existed, ExchangeFolders exchange)
      : out_(std::move(out)), staging_(std::move(staging)), existed_(existed), exchange_(exchange) {}
  /// Makes folder `relative` and its parents in staging, each once per build.
  void make_folder(const std::string& relative);
  /// Whether the current site's file `relative` holds exactly `bytes`.
  bool holds(const std::string& relative, const std::string& bytes) const;
  class StagingFolder;
  bool keep_folder(int from, StagingFolder& to, const std::string& prefix, int depth, Diagnostics& diags);
  /// Puts the complete staging folder in place of the existing site.
  bool swap_in(Diagnostics& diags);
  bool replace_in_two_renames(Diagnostics& diags);

  std::string out_;
  std::string staging_;
  bool existed_ = false;
  bool done_ = false;
  bool completed_ = false;
  ExchangeFolders exchange_;
  std::mutex mutex_;
  std::unordered_set<std::string> staged_;   // relative paths written or kept in staging
  std::unordered_set<std::string> removed_;  // relative paths of the current site left out
  std::unordered_set<std::string> folders_;  // made in staging: thousands of files share them
  std::vector<std::string> left_out_;
};

/// Name of the marker file manualgen leaves in every output folder.
inline constexpr const char* kOutputMarker = ".manualgen-output";

}  // namespace manualgen
