#pragma once
// What the commands show a person or a CI log, and the exit codes. The commands are the only
// code that prints; the stages below return diagnostics, reports and counts.

#include <chrono>
#include <string>

#include "checks/report/report.h"
#include "generator/core/diagnostics.h"
#include "generator/core/text.h"

namespace manualgen {

inline constexpr int kExitOk = 0;
inline constexpr int kExitProblems = 1;
inline constexpr int kExitBadInput = 2;

/// Prints diagnostics to stderr sorted by file and line, each distinct message once. Returns how
/// many distinct errors it printed (organisations sharing a prose file each report its mistakes).
int print_diagnostics(const Diagnostics& diags);

/// Writes the report to stdout, or to `output` when given — then the one-line text summary still
/// goes to stderr for whoever watches the log. Returns the command's exit status: 0 without
/// errors, 1 with errors, 2 when the file cannot be written.
int publish_report(const Report& report, ReportFormat format, const std::string& output);

/// The --format value as a format; false, after saying what the formats are, when it is none.
bool parse_format_or_complain(const std::string& tool, const std::string& name, ReportFormat& format);

/// For a check that cannot run on its input: prints the diagnostics and "cannot check, the input has N
/// errors"; returns the exit status for bad input.
int cannot_check(const std::string& tool, const Diagnostics& diags);

/// One line on stderr, rewritten in place, when a person is watching; nothing in a CI log (stderr
/// not a terminal). Updates come at most ten times a second, except the last.
class ProgressLine {
 public:
  ProgressLine();
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool enabled() const { return enabled_; }
  void update(const std::string& text, bool last);

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

/// "[#########      ] 5/10", for a ProgressLine.
std::string progress_bar(size_t done, size_t total);

}  // namespace manualgen
