#include "generator/build.h"

#include <algorithm>
#include <filesystem>

#include "generator/output_dir.h"
#include "generator/site_renderer.h"
#include "generator/text.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

void check_config_against_catalog(const Project& p, Diagnostics& diags) {
  const auto tags = p.locales.tags();
  auto unknown = [&](const std::string& tag, const Location& where) {
    std::string near = closest_match(tag, tags);
    diags.error(where, "unknown locale \"" + tag + "\"",
                (near.empty() ? std::string() : "did you mean \"" + near + "\"? ") + "Locales are the folders of locales/: " +
                    join_quoted(tags, " and "));
  };
  if (!p.config.site.default_locale.empty() && !p.locales.has(p.config.site.default_locale))
    unknown(p.config.site.default_locale, p.config.map.at("/site/default_locale"));
  for (const auto& org : p.config.organisations)
    for (size_t i = 0; i < org.locales.size(); ++i)
      if (!p.locales.has(org.locales[i])) unknown(org.locales[i], p.config.map.at(org.pointer + "/locales/" + std::to_string(i)));
}

}  // namespace

std::optional<Project> load_project(const std::string& config_path, Diagnostics& diags) {
  auto config = load_site_config(config_path, diags);
  if (!config) return std::nullopt;
  Project p;
  p.root = config->dir;
  auto shown = [&](const std::string& sub) {
    return p.root == "." ? sub : (fs::path(p.root) / sub).lexically_normal().string();
  };
  p.locales = LocaleCatalog::load((fs::path(p.root) / "locales").string(), shown("locales"), diags);
  p.content = load_content((fs::path(p.root) / "content").string(), shown("content"), p.locales, diags);
  std::string theme = config->site.theme;
  p.theme = Theme::load((fs::path(p.root) / "themes" / theme).string(), shown("themes/" + theme), diags);
  p.config = std::move(*config);
  check_config_against_catalog(p, diags);
  std::set<FallbackUse> unused;
  ResolveContext ctx{p.config, p.content, p.locales, diags, unused};
  for (const auto& org : p.config.organisations) check_notes(ctx, org);
  return p;
}

bool build_site(const Project& project, const BuildOptions& options, Diagnostics& diags, BuildSummary& summary) {
  if (diags.has_errors() || !project.theme) return false;
  const SiteConfig& config = project.config;

  for (const auto& id : options.orgs) {
    bool known = std::any_of(config.organisations.begin(), config.organisations.end(),
                             [&](const Organisation& o) { return o.id == id; });
    if (!known) {
      std::vector<std::string> ids;
      for (const auto& o : config.organisations) ids.push_back(o.id);
      std::string near = closest_match(id, ids);
      diags.error({}, "--org " + id + ": no such organisation in " + config.map.file(),
                  near.empty() ? "organisations: " + join_quoted(ids, " and ") : "did you mean \"" + near + "\"?");
    }
  }
  for (const auto& tag : options.locales)
    if (!project.locales.has(tag)) diags.error({}, "--locale " + tag + ": no such locale", "locales are the folders of locales/");
  if (diags.has_errors()) return false;

  auto selected = [](const std::vector<std::string>& filter, const std::string& value) {
    return filter.empty() || std::find(filter.begin(), filter.end(), value) != filter.end();
  };

  ResolveContext ctx{config, project.content, project.locales, diags, summary.fallbacks};
  SiteRenderer renderer(ctx, *project.theme);

  // Render everything in memory first: a problem found while resolving must not leave half a site.
  std::vector<Page> pages;
  std::vector<std::pair<std::string, std::string>> copies;  // relative target, source
  std::vector<std::string> replaced;                         // folders rebuilt in a filtered build
  std::vector<const Organisation*> all;
  for (const auto& org : config.organisations) all.push_back(&org);
  pages.push_back(renderer.index(all));
  for (const auto& [rel, source] : project.theme->static_files()) copies.push_back({"assets/" + rel, source});

  for (const auto& org : config.organisations) {
    if (!selected(options.orgs, org.id)) continue;
    ++summary.organisations;
    if (!org.brand.logo.empty())
      copies.push_back({org.id + "/logo" + fs::path(org.brand.logo).extension().string(),
                        (fs::path(config.dir) / org.brand.logo).string()});
    for (const auto& locale : org.locales) {
      if (!selected(options.locales, locale)) continue;
      replaced.push_back(org.id + "/" + locale);
      auto more = renderer.organisation_locale(org, locale);
      pages.insert(pages.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
  }
  if (diags.has_errors()) return false;

  bool filtered = !options.orgs.empty() || !options.locales.empty();
  auto out = OutputDir::begin(options.out, filtered, diags);
  if (!out) return false;
  for (const auto& folder : replaced) out->remove(folder);
  for (const auto& page : pages)
    if (!out->write(page.path, page.bytes, diags)) return false;
  for (const auto& [rel, source] : copies)
    if (!out->copy_file(rel, source, diags)) return false;
  if (!out->commit(diags)) return false;
  summary.pages = static_cast<int>(pages.size());
  return true;
}

}  // namespace manualgen
