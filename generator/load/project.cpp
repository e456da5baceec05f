#include "generator/load/project.h"

#include <algorithm>
#include <filesystem>

#include "generator/core/base_layer.h"
#include "generator/core/fingerprint.h"
#include "generator/core/project_files.h"
#include "generator/core/text.h"
#include "generator/load/overrides.h"
#include "generator/load/web_address.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

void check_config_against_catalog(const Project& p, Diagnostics& diags) {
  const auto tags = p.locales.tags();
  auto unknown = [&](const std::string& tag, const Location& where) {
    std::string near = closest_match(tag, tags);
    diags.error(where, "unknown locale \"" + tag + "\"",
                (near.empty() ? std::string() : "did you mean \"" + near + "\"? ") +
                    "Locales are the folders of locales/: " + join_quoted(tags, " and "));
  };
  if (!p.config.site.default_locale.empty() && !p.locales.has(p.config.site.default_locale))
    unknown(p.config.site.default_locale, p.config.map.at("/site/default_locale"));
  for (const auto& org : p.config.organisations)
    for (size_t i = 0; i < org.locales.size(); ++i)
      if (!p.locales.has(org.locales[i]))
        unknown(org.locales[i], p.config.map.at(org.pointer + "/locales/" + std::to_string(i)));
}

// The organisation's notes name existing steps of its flows.
void check_notes(const SiteConfig& config, const Content& content, const Organisation& org, Diagnostics& diags) {
  for (const Note& note : org.notes) {
    if (note.step.empty() || !content.flows.count(note.flow)) continue;
    const FlowStructure& s = content.flows.at(note.flow);
    const Part* part = s.find(note.step);
    if (!part || part->kind == PartKind::tip) {
      std::vector<std::string> ids;
      for_each_part(s.steps, [&](const Part& p, const Part*) {
        if (p.kind != PartKind::tip) ids.push_back(p.id);
      });
      diags.error(
          config.map.at(note.pointer),
          "note for step \"" + note.step + "\", which flow \"" + note.flow + "\" does not have",
          "steps of this flow: " + [&] {
            std::string out;
            for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
            return out;
          }());
    }
  }
}

// Whether `part` (under `parent`) appears for an organisation with `policy`, as the resolver decides.
bool part_shown(const Part& part, const Part* parent, const Policy& policy) {
  auto one = [&](const Part& p) {
    if (!holds(p.when, policy)) return false;
    return p.methods.empty() ||
           std::any_of(p.methods.begin(), p.methods.end(), [&](Method m) { return policy.enabled(m); });
  };
  return one(part) && (!parent || one(*parent));
}

// A note on a step or choice the organisation's policy leaves out would be shown nowhere.
void check_notes_shown(const SiteConfig& config, const Content& content, const Organisation& org, Diagnostics& diags) {
  for (const Note& note : org.notes) {
    if (note.step.empty() || !content.flows.count(note.flow)) continue;
    for_each_part(content.flows.at(note.flow).steps, [&](const Part& p, const Part* parent) {
      if (p.id == note.step && p.kind != PartKind::tip && !part_shown(p, parent, org.policy))
        diags.warning(config.map.at(note.pointer + "/step"),
                      "note for step \"" + note.step + "\" of flow \"" + note.flow +
                          "\", which this organisation's policy leaves out: the note is shown nowhere",
                      "attach it to a step the organisation's pages show, or change the policy");
    });
  }
}

// Texts given per locale must have a text for every locale the organisation publishes, in that
// locale or along its fallback chain (nl-BE takes nl's; the build reports the fallback).
void check_locales_covered(const SiteConfig& config, const LocaleCatalog& locales, const Organisation& org,
                           Diagnostics& diags) {
  auto require = [&](const LocalizedText& text, const std::string& pointer, const std::string& what) {
    if (text.empty()) return;
    for (const auto& locale : org.locales) {
      if (!locales.has(locale)) continue;  // reported as an unknown locale
      auto chain = locales.chain(locale);
      if (std::none_of(chain.begin(), chain.end(), [&](const std::string& tag) { return text.count(tag) > 0; }))
        diags.error(config.map.at(pointer), what + " has no text for locale \"" + locale + "\" or its fallbacks",
                    "add \"" + locale + "\": \"…\"");
    }
  };
  require(org.servicedesk.hours, org.hours_pointer, "servicedesk.hours");
  require(org.licence_note, org.licence_pointer, "licence_note");
  // By the note's own pointer: a note that is not an object is skipped, so indexes may differ.
  for (const Note& note : org.notes) require(note.text, note.pointer + "/text", "this note");
}

// The screen model of every flow the content has.
std::map<std::string, FlowModel> load_screens(const Project& p, Diagnostics& diags) {
  std::map<std::string, FlowModel> screens;
  for (const auto& [flow, structure] : p.content.flows)
    if (auto model = load_flow_model(p.files, "content/screens", flow, diags)) screens.emplace(flow, std::move(*model));
  return screens;
}

// Where an image of the prose is loaded from: from nowhere else for one of the project (a relative
// address) or one inside the page (data:image/…, which cmark keeps only for raster images);
// otherwise from its host, or from an address that is not a web address (`problem` says why).
struct ImageSource {
  bool external = false;
  std::string host;
  std::string problem;
};

ImageSource image_source(const std::string& url) {
  const std::string lower = ascii_lowercase(url);
  const bool protocol_relative = lower.rfind("//", 0) == 0;
  const bool absolute = lower.find(':') != std::string::npos && lower.find(':') < lower.find_first_of("/?#");
  if (lower.rfind("data:", 0) == 0 || (!protocol_relative && !absolute)) return {};
  ImageSource source{true, {}, {}};
  if (auto host = web_address_host(protocol_relative ? "https:" + url : url, true, source.problem)) source.host = *host;
  return source;
}

// Images of the prose come from the project or from a host the config allows: every reader's
// browser loads them, so an image from anywhere else (a tracking pixel) tells its host who reads
// which manual when.
void check_images(const SiteConfig& config, const Content& content, Diagnostics& diags) {
  const auto& allowed = config.site.image_hosts;
  auto check = [&](const PreparedMarkdown& md, const std::string& file) {
    for (const auto& image : md.images()) {
      const ImageSource source = image_source(image.url);
      if (!source.external || std::find(allowed.begin(), allowed.end(), source.host) != allowed.end()) continue;
      if (source.host.empty())
        diags.error(
            {file, image.line},
            "the image \"" + image.url + "\" is neither in the project nor at a web address (" + source.problem + ")",
            "put the image in the project, or load it from an https:// host listed in \"image_hosts\"");
      else
        diags.error(
            {file, image.line},
            "the image \"" + image.url + "\" is loaded from " + source.host + ", which \"image_hosts\" does not list",
            "every reader's browser would fetch it from there; put the image in the project, or add \"" + source.host +
                "\" to \"image_hosts\" in the config's \"site\" if that host may see who reads");
    }
  };
  for (const auto& [locale, files] : content.prose)
    for (const auto& [flow, prose] : files) {
      check(prose.intro_html, prose.file);  // the summary is part of the intro
      for (const auto& section : prose.sections) check(section.html, prose.file);
    }
}

// What the load read, and their fingerprints: inputs hashed before loading (by site_up_to_date)
// keep that fingerprint, so a file edited during the load then differs from its record and the
// next build loads again. The others are hashed after the loaders read them: an edit in the
// milliseconds between the two would be recorded as built (make and ninja, comparing times, have
// the same window). The folders count in both layers: an upgrade of manualgen changes the shipped ones.
void record_inputs(const std::string& config_path, const SiteConfig& config, const std::vector<ProjectPath>& folders,
                   const std::map<std::string, std::string>& fingerprints, Project& p) {
  p.inputs = {config_path};
  for (const auto& folder : folders) {
    p.inputs.push_back((fs::path(p.root) / folder.relative).string());
    if (!p.files.base().empty()) p.inputs.push_back((fs::path(p.files.base()) / folder.relative).string());
  }
  const auto folders_end = static_cast<std::ptrdiff_t>(p.inputs.size());
  for (const auto& org : config.organisations)  // organisations may share a logo: each file once
    if (std::string path = (fs::path(p.root) / org.brand.logo).string();
        !org.brand.logo.empty() && std::find(p.inputs.begin(), p.inputs.end(), path) == p.inputs.end())
      p.inputs.push_back(path);
  std::error_code ec;
  if (const std::string record = (fs::path(p.root) / kOverridesFile).string(); fs::exists(record, ec))
    p.inputs.push_back(record);
  std::vector<std::string> each;
  for (const auto& path : p.inputs) {
    auto known = fingerprints.find(path);
    each.push_back(known != fingerprints.end() ? known->second : fingerprint_path(path));
  }
  p.inputs_fingerprint = fingerprint_all(each);
  // The shared inputs: the folders (the inputs after the config), and the config's site object.
  p.fingerprint =
      fingerprint_combine(fingerprint_all({each.begin() + 1, each.begin() + folders_end}), config.site_fingerprint);
}

}  // namespace

std::vector<std::string> input_folders(const SiteConfig& config) {
  return {"content", "locales", "themes/" + config.site.theme};
}

std::vector<InputSource> input_sources(const Project& project) {
  std::vector<InputSource> sources;
  for (const auto& folder : input_folders(project.config))
    for (const FolderEntry& entry : project.files.walk(folder))
      if (entry.kind == FolderEntry::Kind::file) {
        std::string relative = folder + "/" + entry.relative;
        sources.push_back({relative, project.files.find(relative)});
      }
  return sources;
}

std::optional<Project> load_project(const std::string& config_path, Diagnostics& diags,
                                    const std::map<std::string, std::string>& fingerprints) {
  auto config = load_site_config(config_path, diags);
  // A config that is there but does not parse still lets the rest of the project be checked:
  // every problem in one run.
  const bool config_read = config.has_value();
  std::error_code ec;
  if (!config && !fs::exists(config_path, ec)) return std::nullopt;
  if (!config) {
    config.emplace();
    config->dir = fs::path(config_path).parent_path().string();
    if (config->dir.empty()) config->dir = ".";
  }
  Project p;
  p.files = ProjectFiles(config->dir, find_base_layer().dir);
  p.root = config->dir;
  // Nothing in the project's folders is opened before their links are checked: a link out of the
  // project would be read (a prose file linked to /dev/zero, to a colleague's home folder). The
  // logos are checked as the config names them (site_config.cpp). The base layer is manualgen's
  // own files, trusted as the program is, and read with the same bounded reads.
  std::vector<ProjectPath> folders;
  for (const auto& folder : input_folders(*config)) folders.push_back({folder, {}});
  if (!check_links_stay_inside(p.root, folders, diags)) return std::nullopt;
  p.locales = LocaleCatalog::load(p.files, "locales", diags);
  p.content = load_content(p.files, "content", p.locales, diags);
  p.screens = load_screens(p, diags);
  p.theme = Theme::load(p.files, folders[2].relative, diags);  // the theme's folder
  record_inputs(config_path, *config, folders, fingerprints, p);
  p.config = std::move(*config);
  check_config_against_catalog(p, diags);
  check_images(p.config, p.content, diags);
  check_overrides(p.files, diags);
  for (const auto& org : p.config.organisations) {
    check_notes(p.config, p.content, org, diags);
    check_notes_shown(p.config, p.content, org, diags);
    check_locales_covered(p.config, p.locales, org, diags);
  }
  if (!config_read) return std::nullopt;
  return p;
}

}  // namespace manualgen
