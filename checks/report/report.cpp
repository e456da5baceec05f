#include "checks/report/report.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <utility>

#include "generator/core/text.h"

namespace manualgen {

using nlohmann::json;

int Report::errors() const {
  return static_cast<int>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; }));
}

int Report::warnings() const { return static_cast<int>(findings.size()) - errors(); }

std::vector<RuleCount> count_by_rule(const Report& report) {
  std::map<std::string, RuleCount> counts;
  for (const auto& f : report.findings) {
    RuleCount& c = counts[f.rule];
    c.rule = f.rule;
    ++(f.severity == Severity::error ? c.errors : c.warnings);
  }
  std::vector<RuleCount> out;
  for (const auto& [rule, c] : counts) out.push_back(c);
  return out;
}

bool parse_report_format(const std::string& name, ReportFormat& out) {
  static const std::map<std::string, ReportFormat> formats = {
      {"text", ReportFormat::text},   {"json", ReportFormat::json},         {"junit", ReportFormat::junit},
      {"sarif", ReportFormat::sarif}, {"markdown", ReportFormat::markdown}, {"github", ReportFormat::github}};
  auto it = formats.find(name);
  if (it == formats.end()) return false;
  out = it->second;
  return true;
}

namespace {

const char* severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

std::string location_text(const Location& w) {
  std::string out = w.file;
  if (w.line > 0) out += ":" + std::to_string(w.line);
  return out;
}

std::string summary_line(const Report& r) {
  std::string out;
  for (const auto& [label, value, one] : r.summary)
    out += (out.empty() ? "" : ", ") + value + " " + (value == "1" && !one.empty() ? one : label);
  return out;
}

// "C07 20 warnings, C25 1 error": what fired, so a reader sees at once which rules to look at.
std::string by_rule_line(const Report& r) {
  std::string out;
  for (const auto& c : count_by_rule(r)) {
    out += (out.empty() ? "" : ", ") + c.rule;
    if (c.errors) out += " " + count_of(c.errors, "error");
    if (c.warnings) out += std::string(c.errors ? " and " : " ") + count_of(c.warnings, "warning");
  }
  return out;
}

std::string text(const Report& r) {
  std::string out;
  std::map<std::string, std::vector<const Finding*>> by_group;
  for (const auto& f : r.findings) by_group[f.group].push_back(&f);
  for (const auto& [group, findings] : by_group) {
    out += group + "\n";
    for (const Finding* f : findings) {
      out += "  " + location_text(f->where) + ": " + severity_name(f->severity) + " [" + f->rule + "] " + f->message +
             "\n";
    }
  }
  if (!r.findings.empty()) out += "by rule: " + by_rule_line(r) + "\n";
  out += r.tool + ": " + count_of(r.errors(), "error") + ", " + count_of(r.warnings(), "warning");
  std::string summary = summary_line(r);
  if (!summary.empty()) out += " (" + summary + ")";
  return out + "\n";
}

json finding_json(const Finding& f) {
  return {{"rule", f.rule},       {"severity", severity_name(f.severity)},
          {"message", f.message}, {"file", f.where.file},
          {"line", f.where.line}, {"group", f.group},
          {"subject", f.subject}};
}

std::string json_report(const Report& r) {
  json out = {{"tool", r.tool}, {"errors", r.errors()}, {"warnings", r.warnings()}};
  json summary = json::object();
  for (const auto& count : r.summary) summary[count.label] = count.value;
  out["summary"] = summary;
  json by_rule = json::object();
  for (const auto& c : count_by_rule(r)) by_rule[c.rule] = {{"errors", c.errors}, {"warnings", c.warnings}};
  out["by_rule"] = by_rule;
  json findings = json::array();
  for (const auto& f : r.findings) findings.push_back(finding_json(f));
  out["findings"] = findings;
  return out.dump(2) + "\n";
}

std::string xml(std::string_view s) { return html_escape(s); }

// JUnit: one <testsuite> per group, one <testcase> per check that ran, a <failure> per error
// finding of it. Warnings are kept in <system-out> so they show without failing the build.
std::string junit(const Report& r) {
  std::map<std::string, std::vector<std::string>> cases;  // group → rules, in order
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& c : r.runs)
    if (seen.insert({c.group, c.rule}).second) cases[c.group].push_back(c.rule);
  for (const auto& f : r.findings)
    if (seen.insert({f.group, f.rule}).second) cases[f.group].push_back(f.rule);

  size_t tests = 0;
  for (const auto& [g, rules] : cases) tests += rules.size();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"" + xml(r.tool) + "\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(r.errors()) + "\">\n";
  for (const auto& [group, rules] : cases) {
    int failures = 0;
    for (const auto& f : r.findings)
      if (f.group == group && f.severity == Severity::error) ++failures;
    out += "  <testsuite name=\"" + xml(group) + "\" tests=\"" + std::to_string(rules.size()) + "\" failures=\"" +
           std::to_string(failures) + "\" errors=\"0\">\n";
    for (const auto& rule : rules) {
      out += "    <testcase classname=\"" + xml(group) + "\" name=\"" + xml(rule) + "\">\n";
      std::string warnings;
      for (const auto& f : r.findings) {
        if (f.group != group || f.rule != rule) continue;
        std::string line = location_text(f.where) + ": " + f.message;
        if (f.severity == Severity::error)
          out += "      <failure message=\"" + xml(f.message) + "\" type=\"" + xml(f.rule) + "\">" + xml(line) +
                 "</failure>\n";
        else
          warnings += "warning: " + line + "\n";
      }
      if (!warnings.empty()) out += "      <system-out>" + xml(warnings) + "</system-out>\n";
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::string sarif(const Report& r) {
  json rules = json::array();
  for (const auto& rule : r.rules) rules.push_back({{"id", rule.id}, {"shortDescription", {{"text", rule.summary}}}});
  json results = json::array();
  for (const auto& f : r.findings) {
    json location = {{"physicalLocation", {{"artifactLocation", {{"uri", f.where.file}}}}}};
    if (f.where.line > 0) location["physicalLocation"]["region"] = {{"startLine", f.where.line}};
    results.push_back({{"ruleId", f.rule},
                       {"level", severity_name(f.severity)},
                       {"message", {{"text", f.message}}},
                       {"locations", json::array({location})},
                       {"properties", {{"group", f.group}, {"subject", f.subject}}}});
  }
  json out = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({{{"tool",
                                      {{"driver",
                                        {{"name", "manualgen"},
                                         {"informationUri", "https://handleidingen.example.nl/manualgen"},
                                         {"rules", rules}}}}},
                                     {"results", results}}})}};
  return out.dump(2) + "\n";
}

std::string markdown_cell(const std::string& s) { return replaced(s, {{'|', "\\|"}, {'\n', " "}}); }

std::string markdown(const Report& r) {
  std::string out = "## " + r.tool + "\n\n" + count_of(r.errors(), "error") + ", " + count_of(r.warnings(), "warning");
  std::string summary = summary_line(r);
  if (!summary.empty()) out += " (" + summary + ")";
  out += "\n\n";
  if (r.findings.empty()) return out;
  out += "By rule: " + markdown_cell(by_rule_line(r)) + "\n\n";
  out += "| severity | rule | where | what |\n|---|---|---|---|\n";
  for (const auto& f : r.findings)
    out += "| " + std::string(severity_name(f.severity)) + " | " + markdown_cell(f.rule) + " | " +
           markdown_cell(location_text(f.where)) + " | " + markdown_cell(f.group + ": " + f.message) + " |\n";
  return out;
}

// GitHub Actions workflow commands: each finding becomes an annotation on its file and line in the
// pull request. The message is URL-style escaped (% CR LF); properties also escape : and , (the
// message's escapes contain neither).
std::string github_message(const std::string& s) { return replaced(s, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}}); }
std::string github_property(const std::string& s) { return replaced(github_message(s), {{':', "%3A"}, {',', "%2C"}}); }

std::string github(const Report& r) {
  std::string out;
  for (const auto& f : r.findings) {
    out += "::" + std::string(severity_name(f.severity)) + " ";
    if (!f.where.file.empty()) {
      out += "file=" + github_property(f.where.file);
      if (f.where.line > 0) out += ",line=" + std::to_string(f.where.line);
      if (f.where.column > 0) out += ",col=" + std::to_string(f.where.column);
      out += ",";
    }
    out += "title=" + github_property(f.rule + " (" + r.tool + ")");
    out += "::" + github_message(f.group + (f.subject.empty() ? "" : " " + f.subject) + ": " + f.message) + "\n";
  }
  // The last line as in the text report: what the log shows under the annotations.
  std::string text_report = text(r);
  text_report.pop_back();
  return out + text_report.substr(text_report.rfind('\n') + 1) + "\n";
}

}  // namespace

const char* report_format_names() { return "text, json, junit, sarif, markdown or github"; }

std::string render_report(const Report& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::text:
      return text(report);
    case ReportFormat::json:
      return json_report(report);
    case ReportFormat::junit:
      return junit(report);
    case ReportFormat::sarif:
      return sarif(report);
    case ReportFormat::markdown:
      return markdown(report);
    case ReportFormat::github:
      return github(report);
  }
  return {};
}

}  // namespace manualgen
