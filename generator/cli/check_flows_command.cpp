// `manualgen check flows`: options, output and exit status (0 no errors, 1 errors, or warnings with
// --strict, 2 bad input).

#include "generator/cli/check_flows_command.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>

#include "checks/flows/flow_checker.h"
#include "generator/cli/output.h"

namespace manualgen {

namespace {

struct Options {
  std::string config = "site-config.json";
  std::string models;  // default: the project's content/screens
  std::string format = "text";
  std::string output;
  bool strict = false;  // warnings fail too
  Selection selection;
};

int run(const Options& o) {
  ReportFormat format;
  if (!parse_format_or_complain("manualgen check flows", o.format, format)) return kExitBadInput;
  Diagnostics diags;
  auto project = load_project(o.config, diags);
  Report report;
  if (project && !diags.has_errors()) {
    report = check_flows(*project, FlowCheckInputs{o.models}, o.selection, diags);
  }
  if (diags.has_errors() || !project) return cannot_check("manualgen check flows", diags);
  int status = publish_report(report, format, o.output);
  return status == kExitOk && o.strict && report.warnings() > 0 ? kExitProblems : status;
}

}  // namespace

void add_check_flows_command(CLI::App& check, int& status) {
  auto o = std::make_shared<Options>();
  auto* cmd = check.add_subcommand("flows", "check every manual against the flow models and the organisation's policy");
  cmd->add_option("--config", o->config, "site configuration")->capture_default_str();
  cmd->add_option("--org", o->selection.orgs, "check only this organisation (repeatable)");
  cmd->add_option("--locale", o->selection.locales, "check only this locale (repeatable)");
  cmd->add_option("--format", o->format, report_format_names())->capture_default_str();
  cmd->add_option("--output", o->output, "write the report to this file (the text summary still goes to stderr)");
  cmd->add_flag("--strict", o->strict,
                "fail (exit 1) on warnings too: labels not yet confirmed, texts from a fallback locale, …");
  cmd->add_option("--models", o->models,
                  "check against the screen models in this folder instead of the project's content/screens");
  cmd->callback([o, &status] { status = run(*o); });
}

}  // namespace manualgen
