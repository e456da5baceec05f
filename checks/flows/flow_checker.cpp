#include "checks/flows/flow_checker.h"
#include "generator/core/text.h"

#include "checks/flows/label_rules.h"

#include <filesystem>

#include "generator/core/text.h"

namespace manualgen {

namespace fs = std::filesystem;

void FindingSink::ran(const std::string& rule) { report_.runs.push_back({group_, rule}); }

void FindingSink::add(const std::string& rule, Severity severity, const Location& where, const std::string& subject,
                      const std::string& message) {
  std::string key = rule + "\n" + where.file + ":" + std::to_string(where.line) + "\n" + message;
  if (!seen_.insert(key).second) return;
  report_.findings.push_back({rule, severity, message, where, group_, subject});
}

Location placeholder_line(const ResolvedPart& part, const std::string& key) {
  if (!part.section) return part.prose;
  size_t at = part.section->body.find("{{ui." + key + "}}");
  if (at == std::string::npos) return part.prose;
  return {part.prose.file, part.section->body_line + line_of_offset(part.section->body, at) - 1};
}

const std::vector<RuleInfo>& flow_rules() {
  static const std::vector<RuleInfo> rules = {
      {"C01", "every enabled method has instructions; none for methods not enabled"},
      {"C02", "the number of verification steps equals the methods required"},
      {"C03", "the second verification uses a different method (SMS and call, app notification and code count as one)"},
      {"C05", "a stated password length equals the organisation's minimum; no outdated 8-16 rule"},
      {"C06", "a label named in a step is on that step's screen"},
      {"C07", "labels match the screen's text; machine-translated or garbled labels are flagged"},
      {"C08", "the unlock flow is published exactly when the organisation allows unlock"},
      {"C09", "the steps are a valid path through the flow model"},
      {"C10", "every path ends in an end state; error exits are reachable"},
      {"C11", "contact details are the organisation's servicedesk"},
      {"C12", "links use the flow's current Microsoft addresses, no legacy hosts"},
      {"C13", "reset and unlock manuals say security info must be registered first"},
      {"C14", "registration covers the methods required; security-question counts match the policy"},
      {"C15", "phone entry advice follows the organisation's phone_entry"},
      {"C16", "the captcha is not claimed to be case-sensitive"},
      {"C17", "a stated lockout threshold equals the organisation's"},
      {"C18", "Authenticator notification steps mention number matching"},
      {"C19", "a manual for administrators describes two verifications and no security questions"},
      {"C20", "no English UI labels in a manual in another language"},
      {"C21", "the change flow asks for the current password and has no verification steps"},
      {"C23", "the email method is described as the private (alternate) address"},
      {"C24", "a licence note for unlock names the licence writeback needs"},
      {"C25", "every action the prose names (a button, link or option) leads where the manual goes next"},
      {"C26", "a call is answered with # and sends no text message"},
      {"C27", "a sentence names only methods the organisation enables"},
      {"M01", "the flow models and the locale catalogs name the same labels per screen"},
      {"M02", "a confirmed label reads as it was confirmed, from its recorded source"},
      {"M03", "no two labels of one screen read the same for different things"},
      {"P01", "every locale of an organisation has the same steps and choices, each with text"},
      {"P02", "texts taken from a fallback locale"},
      {"P03", "every locale has a vocabulary in its language, so its prose is read in full"},
  };
  return rules;
}

namespace {

// Ids of the steps and choices a manual shows, and those without text.
std::vector<std::string> shown_ids(const Manual& m, std::vector<const ResolvedPart*>& empty) {
  std::vector<std::string> ids;
  auto visit = [&](const ResolvedPart& p) {
    ids.push_back(p.id);
    if (p.title.empty() && p.kind != PartKind::tip) empty.push_back(&p);
    if (p.html.find_first_not_of(" \n") == std::string::npos) empty.push_back(&p);
  };
  for (const auto& s : m.steps) {
    visit(s);
    for (const auto& c : s.choices) visit(c);
    for (const auto& t : s.tips) visit(t);
  }
  return ids;
}

void check_organisation(const Organisation& org, const Project& project, Report& report) {
  FindingSink sink(report, org.id);
  sink.ran("C08");
  if (org.policy.unlock != org.publishes("unlock"))
    sink.error("C08", project.config.map.at(org.pointer + "/flows"), org.id,
               org.policy.unlock ? "the organisation allows unlock but does not publish the unlock flow"
                                 : "the unlock flow is published but the organisation does not allow unlock");
  if (org.policy.unlock && !org.licence_note.empty()) {
    sink.ran("C24");
    for (const auto& [locale, text] : org.licence_note)
      if (text.find("P1") == std::string::npos && text.find("P2") == std::string::npos &&
          text.find("Business Premium") == std::string::npos)
        sink.warning("C24", project.config.map.at(org.pointer + "/licence_note/" + locale), org.id,
                     "the licence note does not name the licence unlock needs (writeback: Entra ID P1/P2 or "
                     "Microsoft 365 Business Premium)");
  }
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

// The models of folder `dir` alone, not layered: the folder given is all that is checked against.
std::map<std::string, FlowModel> load_models(const std::string& dir, Diagnostics& diags) {
  std::map<std::string, FlowModel> models;
  const ProjectFiles files(dir, "");
  for (const auto& flow : all_flow_ids())
    if (auto m = load_flow_model(files, "", flow, diags)) models.emplace(flow, std::move(*m));
  return models;
}

// The manuals of the selected organisations and locales: each against the path and prose rules,
// and each flow's locales against each other (P01).
class ManualChecks {
 public:
  ManualChecks(const FlowCheckContext& ctx, const Selection& selection, Report& report, Diagnostics& diags)
      : ctx_(ctx),
        selection_(selection),
        report_(report),
        resolve_{ctx.project.config, ctx.project.content, ctx.project.locales, diags, fallbacks_},
        prose_(ctx) {}

  void organisation(const Organisation& org) {
    FindingSink texts(report_, org.id);
    for (const auto& locale : org.locales)
      if (selection_.includes_locale(locale)) prose_.check_organisation(org, locale, texts);
    for (const auto& flow : org.flows) check_flow(org, flow);
  }

  int manuals() const { return manuals_; }
  const std::set<FallbackUse>& fallbacks() const { return fallbacks_; }

 private:
  void check_flow(const Organisation& org, const std::string& flow) {
    FindingSink parity(report_, org.id + "/" + flow);
    parity.ran("P01");
    std::map<std::string, std::vector<std::string>> ids_by_locale;
    for (const auto& locale : org.locales)
      if (selection_.includes_locale(locale)) ids_by_locale[locale] = check_manual(org, locale, flow, parity);
    same_parts_in_every_locale(flow, ids_by_locale, parity);
  }

  // One manual against the rules; P01 for its parts without text. Returns the ids of its parts.
  std::vector<std::string> check_manual(const Organisation& org, const std::string& locale, const std::string& flow,
                                        FindingSink& parity) {
    Manual manual = resolve_manual(resolve_, org, locale, flow, LinkStyle::pages);
    ++manuals_;
    FindingSink sink(report_, org.id + "/" + locale + "/" + flow);
    check_paths(manual, ctx_.models.at(flow), sink);
    prose_.check(manual, ctx_.models.at(flow), sink);
    std::vector<const ResolvedPart*> empty;
    auto ids = shown_ids(manual, empty);
    for (const ResolvedPart* p : empty)
      parity.error("P01", p->section ? p->section->heading : p->structure, p->id,
                   "`" + p->id + "` has no " + (p->title.empty() && p->kind != PartKind::tip ? "title" : "text") +
                       " in locale " + locale);
    return ids;
  }

  // P01: every locale shows the steps and choices the first one shows.
  void same_parts_in_every_locale(const std::string& flow,
                                  const std::map<std::string, std::vector<std::string>>& ids_by_locale,
                                  FindingSink& parity) {
    for (const auto& [locale, ids] : ids_by_locale) {
      const auto& [first_locale, first] = *ids_by_locale.begin();
      if (ids != first)
        parity.error("P01", ctx_.project.content.flows.at(flow).steps.front().where, flow,
                     "locale " + locale + " shows steps " + joined(ids, ",") + " but locale " + first_locale +
                         " shows a different set");
    }
  }

  const FlowCheckContext& ctx_;
  const Selection& selection_;
  Report& report_;
  std::set<FallbackUse> fallbacks_;
  ResolveContext resolve_;
  ProseRules prose_;
  int manuals_ = 0;
};

// P02: how many texts each locale took from each fallback, keyed by (locale, fallback).
std::map<std::pair<std::string, std::string>, int> count_fallbacks(const std::set<FallbackUse>& uses) {
  std::map<std::pair<std::string, std::string>, int> count;
  for (const auto& [locale, what, from] : uses) ++count[{locale, from}];
  return count;
}

// P03: a locale whose language has no vocabulary is read with another language's words.
void report_unread_locales(const Project& project, const Vocabulary& vocabulary, const Selection& selection,
                           Report& report) {
  std::set<std::string> used;
  for (const auto& org : project.config.organisations)
    if (selection.includes_org(org.id))
      for (const auto& locale : org.locales)
        if (selection.includes_locale(locale)) used.insert(locale);
  for (const auto& locale : used) {
    FindingSink sink(report, "locales/" + locale);
    sink.ran("P03");
    if (!vocabulary.covers(locale))
      sink.warning("P03", {"locales/" + locale}, locale,
                   "locale " + locale +
                       " has no vocabulary.json in its language: its prose is checked only in part "
                       "(numbers, claims and the methods it names are not read); add locales/" +
                       locale + "/vocabulary.json");
  }
}

void report_fallbacks(const std::map<std::pair<std::string, std::string>, int>& count, Report& report) {
  for (const auto& [chain, n] : count) {
    const auto& [locale, from] = chain;
    FindingSink sink(report, "locales/" + locale);
    sink.warning("P02", {"locales/" + locale}, locale + " → " + from,
                 count_of(n, "text") + " taken from fallback locale " + from);
  }
}

}  // namespace

Report check_flows(const Project& project, const FlowCheckInputs& inputs, const Selection& selection,
                   Diagnostics& diags) {
  Report report;
  report.tool = "manualgen check flows";
  report.rules = flow_rules();
  if (!selection.validate(project, diags)) return report;
  auto models = inputs.models_dir.empty() ? project.screens : load_models(inputs.models_dir, diags);
  auto vocabulary = load_vocabulary(project, diags);
  if (diags.has_errors() || !vocabulary) return report;

  FlowCheckContext ctx{project, models, *vocabulary};
  check_models_against_locales(project, models, report);
  check_label_record(project, report, diags);
  check_label_roles(project, models, report);
  ManualChecks manuals(ctx, selection, report, diags);
  int organisations = 0;
  for (const auto& org : project.config.organisations) {
    if (!selection.includes_org(org.id)) continue;
    ++organisations;
    check_organisation(org, project, report);
    manuals.organisation(org);
  }
  report_unread_locales(project, *vocabulary, selection, report);
  auto fallbacks = count_fallbacks(manuals.fallbacks());
  report_fallbacks(fallbacks, report);
  report.summary = {{"organisations", std::to_string(organisations), "organisation"},
                    {"manuals", std::to_string(manuals.manuals()), "manual"}};
  for (const auto& [chain, count] : fallbacks) {
    const std::string fallback = " " + chain.first + " → " + chain.second;
    report.summary.push_back({"fallback texts" + fallback, std::to_string(count), "fallback text" + fallback});
  }
  return report;
}

}  // namespace manualgen
