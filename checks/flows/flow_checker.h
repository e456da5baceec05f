#pragma once
// `manualgen check flows`: every resolved manual (organisation × locale × flow) against the flow
// model and the organisation's policy — rules C01–C24 of the domain reference where they can be
// decided from the manual, the model and the config — plus locale parity.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "checks/flows/vocabulary.h"
#include "checks/report/report.h"
#include "generator/load/project.h"
#include "generator/load/selection.h"
#include "generator/model/screen_model.h"
#include "generator/resolve/manual.h"
#include "generator/resolve/resolver.h"

namespace manualgen {

struct FlowCheckContext {
  const Project& project;
  const std::map<std::string, FlowModel>& models;
  const Vocabulary& vocabulary;
};

/// Collects the findings of one group (organisation/locale/flow), each distinct finding once:
/// the same fault is met on many paths through a manual.
class FindingSink {
 public:
  FindingSink(Report& report, std::string group) : report_(report), group_(std::move(group)) {}
  void ran(const std::string& rule);
  void add(const std::string& rule, Severity severity, const Location& where, const std::string& subject,
           const std::string& message);
  void error(const std::string& rule, const Location& where, const std::string& subject, const std::string& message) {
    add(rule, Severity::error, where, subject, message);
  }
  void warning(const std::string& rule, const Location& where, const std::string& subject, const std::string& message) {
    add(rule, Severity::warning, where, subject, message);
  }

 private:
  Report& report_;
  std::string group_;
  std::set<std::string> seen_;
};

/// Path rules: C01 C02 C03 C09 C10 C14 (count) C21, walking every path through the manual.
void check_paths(const Manual& manual, const FlowModel& model, FindingSink& sink);

/// Rules on labels and prose: C05 C06 C07 C11 C12 C13 C14 (questions) C15 C16 C17 C18 C20 C23.
/// Keeps what it reads from each prose section and each locale's labels for the whole run: the
/// same prose serves every organisation.
class ProseRules {
 public:
  explicit ProseRules(const FlowCheckContext& ctx);
  ~ProseRules();
  ProseRules(const ProseRules&) = delete;
  ProseRules& operator=(const ProseRules&) = delete;
  void check(const Manual& manual, const FlowModel& model, FindingSink& sink);
  /// The organisation's texts outside the flows (landing-page notes, the licence note) in `locale`.
  void check_organisation(const Organisation& org, const std::string& locale, FindingSink& sink);

  struct Cache;

 private:
  const FlowCheckContext& ctx_;
  std::unique_ptr<Cache> cache_;
};

/// The prose line of {{ui.KEY}} in `part`'s section, else its heading.
Location placeholder_line(const ResolvedPart& part, const std::string& key);

/// The rule ids and summaries, for reports.
const std::vector<RuleInfo>& flow_rules();

/// A folder of screen models to check against instead of the project's content/screens/ (empty:
/// the project's, found as every input is).
struct FlowCheckInputs {
  std::string models_dir;
};

/// Runs every check on the organisations and locales of `selection`; load problems and names in
/// `selection` that the project does not have go to `diags` (the caller exits 2 on them).
Report check_flows(const Project& project, const FlowCheckInputs& inputs, const Selection& selection,
                   Diagnostics& diags);

}  // namespace manualgen
