#pragma once
// The output folder, replaced as a whole: a build writes into a staging folder beside it and
// swaps it in only when every page was written, so a failed or interrupted build leaves the
// previous site complete.

#include <optional>
#include <string>
#include <vector>

#include "generator/diagnostics.h"

namespace manualgen {

class OutputDir {
 public:
  /// Prepares staging for `out`. With `keep_existing`, staging starts as a hard-linked copy of
  /// the current site (for builds of some organisations only). Refuses an `out` that exists and
  /// was not made by manualgen, so a mistyped --out never deletes someone's folder.
  static std::optional<OutputDir> begin(const std::string& out, bool keep_existing, Diagnostics& diags);

  OutputDir(OutputDir&& other) noexcept;
  OutputDir& operator=(OutputDir&&) = delete;
  OutputDir(const OutputDir&) = delete;
  ~OutputDir();  // removes staging unless committed

  bool write(const std::string& relative, const std::string& bytes, Diagnostics& diags);
  bool copy_file(const std::string& relative, const std::string& source, Diagnostics& diags);
  /// Removes a folder from staging (before rewriting it).
  void remove(const std::string& relative);
  /// Swaps staging in for `out`.
  bool commit(Diagnostics& diags);

  const std::string& staging() const { return staging_; }

 private:
  OutputDir(std::string out, std::string staging) : out_(std::move(out)), staging_(std::move(staging)) {}
  std::string out_;
  std::string staging_;
  bool done_ = false;
};

/// Name of the marker file manualgen leaves in every output folder.
inline constexpr const char* kOutputMarker = ".manualgen-output";

}  // namespace manualgen
