#include "generator/load/selection.h"

#include <algorithm>

#include "generator/core/text.h"
#include "generator/load/project.h"

namespace manualgen {

namespace {

// Whether `value` passes a filter (empty: everything does).
bool passes(const std::vector<std::string>& filter, const std::string& value) {
  return filter.empty() || std::find(filter.begin(), filter.end(), value) != filter.end();
}

}  // namespace

bool Selection::includes_org(const std::string& id) const { return passes(orgs, id); }

bool Selection::includes_locale(const std::string& tag) const { return passes(locales, tag); }

bool Selection::validate(const Project& project, Diagnostics& diags) const {
  const SiteConfig& config = project.config;
  std::vector<std::string> ids;
  for (const auto& org : config.organisations) ids.push_back(org.id);
  bool ok = true;
  for (const auto& id : orgs) {
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
    std::string near = closest_match(id, ids);
    diags.error({}, "--org " + id + ": no such organisation in " + config.map.file(),
                near.empty() ? "organisations: " + join_quoted(ids, " and ") : "did you mean \"" + near + "\"?");
    ok = false;
  }
  for (const auto& tag : locales) {
    if (project.locales.has(tag)) continue;
    diags.error({}, "--locale " + tag + ": no such locale", "locales are the folders of locales/");
    ok = false;
  }
  return ok;
}

}  // namespace manualgen
