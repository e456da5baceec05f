#include "generator/build/build_plan.h"

#include <algorithm>

namespace manualgen {

namespace {

// The locale folder of one of an organisation's files, `<org>/<locale>/…`.
std::string locale_of(const std::string& file, const std::string& org_id) {
  const size_t start = org_id.size() + 1;
  return file.substr(start, file.find('/', start) - start);
}

// An organisation left as it was: its pages are still the old ones.
void keep(BuildPlan& plan, const std::string& id, const OrgState& old) {
  OrgState& kept = plan.next.orgs[id] = old;
  // Left out by --org while the shared inputs changed: its pages were made from the old ones, so
  // it keeps no fingerprint and the next build renders it.
  if (!plan.same_inputs) kept.fingerprint.clear();
}

// An organisation to render: one task per selected locale, and what it keeps of its files.
void rebuild(BuildPlan& plan, const Organisation& org, const OrgState* old, const Selection& selection) {
  // With --locale an organisation is only partly rebuilt: it keeps no fingerprint, so the next
  // full build renders all of it. Its other locales' files stay as they were.
  OrgState state{selection.locales.empty() ? org.fingerprint : "", {}};
  if (old)
    for (const auto& file : old->files)
      if (!selection.includes_locale(locale_of(file, org.id))) state.files.push_back(file);
  plan.next.orgs[org.id] = std::move(state);
  bool first = true;
  for (const auto& locale : org.locales)
    if (selection.includes_locale(locale)) {
      plan.tasks.push_back({&org, locale, first && !org.brand.logo.empty(), {}, 0, false, {}, {}});
      first = false;
    }
}

}  // namespace

BuildPlan plan_build(const Project& project, const BuildOptions& options, Diagnostics& diags) {
  const Selection& selection = options.selection;
  BuildPlan plan;
  plan.previous = read_build_state(options.out, diags);
  // Whether the pages link PDFs changes every organisation's pages, as a theme change would.
  plan.next.fingerprint = project.fingerprint + " pdf:" + options.pdf_links.name();
  plan.same_inputs = plan.previous.fingerprint == plan.next.fingerprint;
  for (const auto& org : project.config.organisations) {
    plan.all.push_back(&org);
    const bool chosen = selection.includes_org(org.id);
    if (chosen) ++plan.organisations;
    auto found = plan.previous.orgs.find(org.id);
    const OrgState* old = found == plan.previous.orgs.end() ? nullptr : &found->second;
    const bool unchanged = plan.same_inputs && old && old->fingerprint == org.fingerprint;
    // Organisations named with --org are rebuilt even when unchanged: that is what was asked.
    if (chosen && (!unchanged || !selection.orgs.empty()))
      rebuild(plan, org, old, selection);
    else if (old)
      keep(plan, org.id, *old);
  }
  for (const auto& [id, state] : plan.previous.orgs)
    if (std::none_of(plan.all.begin(), plan.all.end(), [&](const Organisation* o) { return o->id == id; }))
      plan.gone.push_back(id);
  return plan;
}

}  // namespace manualgen
