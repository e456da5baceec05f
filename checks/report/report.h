#pragma once
// Findings of the checks and the report formats CI systems read: text, JSON, JUnit XML, SARIF
// 2.1.0, Markdown and GitHub Actions annotations. Shared by `check flows` and `check links`.

#include <string>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

struct Finding {
  std::string rule;  // "C02", "broken-link", …
  Severity severity = Severity::error;
  std::string message;  // what was expected and what was found
  Location where;       // the line to fix
  std::string group;    // what was checked: "org/locale/flow" or a page
  std::string subject;  // within the group: a step id, a URL
};

struct RuleInfo {
  std::string id;
  std::string summary;
};

/// One check that ran (whether or not it found something): JUnit needs the passing ones too.
struct CheckRun {
  std::string group;
  std::string rule;
};

/// One count of a report's summary: "3 manuals". `label` is also its key in the JSON report; `one`
/// is what the text says for a count of 1 ("1 manual"), empty when it says `label` then too.
struct SummaryCount {
  std::string label;
  std::string value;
  std::string one = {};
};

struct Report {
  std::string tool;  // "manualgen check flows"
  std::vector<RuleInfo> rules;
  std::vector<CheckRun> runs;
  std::vector<Finding> findings;
  std::vector<SummaryCount> summary;  // in order

  int errors() const;
  int warnings() const;
};

/// How many findings of one rule, by severity.
struct RuleCount {
  std::string rule;
  int errors = 0;
  int warnings = 0;
};

/// The rules that found something, in rule order, with their counts: which rules fired, for the summary.
std::vector<RuleCount> count_by_rule(const Report& report);

enum class ReportFormat { text, json, junit, sarif, markdown, github };

/// The --format values, for help texts and messages: "text, json, junit, sarif, markdown or github".
const char* report_format_names();

/// Parses a --format value; false if unknown.
bool parse_report_format(const std::string& name, ReportFormat& out);

std::string render_report(const Report& report, ReportFormat format);

}  // namespace manualgen
