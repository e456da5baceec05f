#include "generator/load/content.h"

#include <filesystem>
#include <set>

#include "generator/core/json_file.h"
#include "generator/core/project_lookup.h"
#include "generator/load/site_config.h"
#include "generator/load/web_address.h"

namespace manualgen {

namespace fs = std::filesystem;

const ProseFile* Content::prose_file(const LocaleCatalog& locales, const std::string& locale, const std::string& flow,
                                     std::string* from) const {
  for (const auto& tag : locales.chain(locale)) {
    auto l = prose.find(tag);
    if (l == prose.end()) continue;
    if (auto f = l->second.find(flow); f != l->second.end()) {
      if (from) *from = tag;
      return &f->second;
    }
  }
  return nullptr;
}

const ProseSection* Content::section(const LocaleCatalog& locales, const std::string& locale, const std::string& flow,
                                     const std::string& id, std::string* from) const {
  for (const auto& tag : locales.chain(locale)) {
    auto l = prose.find(tag);
    if (l == prose.end()) continue;
    auto f = l->second.find(flow);
    if (f == l->second.end()) continue;
    if (const auto* s = f->second.find(id)) {
      if (from) *from = tag;
      return s;
    }
  }
  return nullptr;
}

namespace {

void load_urls(const std::string& path, const std::string& display, Content& content, Diagnostics& diags) {
  auto file = read_json_file(path, display, diags);
  if (!file) return;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return;
  for (const auto& item : file->value.items()) {
    auto url = root.string(item.key(), Need::required);
    if (!url) continue;
    std::string problem;
    if (url->rfind("https://", 0) != 0) {
      diags.error(root.at(item.key()), "URL \"" + *url + "\" does not start with https://",
                  "the portals are Microsoft's https:// pages; write the full address");
      continue;
    }
    if (!web_address_host(*url, false, problem)) {
      diags.error(root.at(item.key()), "URL \"" + item.key() + "\" is not a valid web address: " + problem,
                  "write the address as the browser's address bar shows it, without spaces or line breaks");
      continue;
    }
    content.urls[item.key()] = *url;
    content.url_where[item.key()] = root.at(item.key());
  }
}

// Every part needs prose in every locale's chain, and every prose section must belong to a part:
// a section nobody renders is a translation that silently went missing from the pages.
void check_prose(const Content& content, const LocaleCatalog& locales, Diagnostics& diags) {
  for (const auto& [locale, files] : content.prose) {
    for (const auto& [flow, structure] : content.flows) {
      for_each_part(structure.steps, [&](const Part& part, const Part*) {
        const std::string& from_flow = prose_flow(part, flow);
        std::string found_in;
        const auto* s = content.section(locales, locale, from_flow, part.id, &found_in);
        if (!s) {
          diags.error(part.where,
                      "no prose for \"" + part.id + "\" in locale \"" + locale + "\" (nor in its fallbacks)",
                      "add a section \"" + std::string(part.kind == PartKind::step ? "## [" : "### [") + part.id +
                          "] …\" to content/" + locale + "/" + from_flow + ".md");
        } else if (part.kind == PartKind::choice && s->title.empty()) {
          diags.error(s->heading, "choice [" + part.id + "] has no title", "write \"### [" + part.id + "] Via …\"");
        }
      });
    }
    for (const auto& [flow, prose] : files) {
      auto structure = content.flows.find(flow);
      if (structure == content.flows.end()) {
        diags.error({prose.file}, "prose for an unknown flow \"" + flow + "\"",
                    "prose files are named after the flows: register, reset, unlock, change");
        continue;
      }
      for (const auto& section : prose.sections) {
        bool used = false;
        for (const auto& [other_flow, other] : content.flows)
          for_each_part(other.steps, [&](const Part& part, const Part*) {
            if (part.id == section.id && prose_flow(part, other_flow) == flow) used = true;
          });
        if (!used)
          diags.error(section.heading,
                      "section [" + section.id + "] is not a step, choice or tip of any flow using this file",
                      "check the id against content/flows/" + flow + ".json");
      }
    }
  }
}

void check_screens(const Content& content, const LocaleCatalog& locales, Diagnostics& diags) {
  for (const auto& [flow, structure] : content.flows) {
    for_each_part(structure.steps, [&](const Part& part, const Part*) {
      for (const auto& screen : part.screens) {
        bool known = false;
        for (const auto& tag : locales.tags()) known = known || locales.has_screen(tag, screen);
        if (!known)
          diags.error(part.where, "step \"" + part.id + "\" is on unknown screen \"" + screen + "\"",
                      "screen ids are the keys of locales/<tag>/ui.json (see the domain model)");
      }
      if (!part.prose_from.empty() && !content.flows.count(part.prose_from))
        diags.error(part.where, "prose_from names unknown flow \"" + part.prose_from + "\"");
    });
  }
}

// The prose of every locale folder of `folder` (content/), file by file from either layer.
void load_prose(const ProjectFiles& files, const std::string& folder, const LocaleCatalog& locales, Content& content,
                Diagnostics& diags) {
  for (const FolderEntry& entry : files.list(folder)) {
    if (entry.kind != FolderEntry::Kind::folder || entry.relative == "flows" || entry.relative == "screens") continue;
    const std::string& locale = entry.relative;
    const std::string dir = join_relative(folder, locale);
    if (!locales.has(locale)) {
      diags.error({files.find(dir).shown},
                  "prose for locale \"" + locale + "\" but locales/" + locale + "/ does not exist",
                  "add locales/" + locale + "/locale.json or rename the folder");
      continue;
    }
    // A link to nothing named *.md is read too: reading it says what is wrong with it.
    for (const FolderEntry& file : files.list(dir)) {
      if (file.kind == FolderEntry::Kind::folder || fs::path(file.relative).extension() != ".md") continue;
      const auto found = files.find(dir + "/" + file.relative);
      if (auto prose = load_prose_file(found.path, found.shown, diags))
        content.prose[locale][fs::path(file.relative).stem().string()] = std::move(*prose);
    }
  }
}

}  // namespace

Content load_content(const ProjectFiles& files, const std::string& folder, const LocaleCatalog& locales,
                     Diagnostics& diags) {
  Content content;
  std::error_code ec;
  for (const auto& flow : all_flow_ids()) {
    const auto found = files.find(join_relative(folder, "flows/" + flow + ".json"));
    if (!fs::exists(found.path, ec)) {
      diags.error({found.shown}, "the structure of flow \"" + flow + "\" is missing",
                  "manualgen ships it: check that its shipped files are complete (reinstall it), or set "
                  "MANUALGEN_BASE to them");
      continue;
    }
    if (auto s = load_flow_structure(found.path, found.shown, flow, diags)) content.flows[flow] = std::move(*s);
  }
  if (auto urls = files.find(join_relative(folder, "urls.json")); fs::exists(urls.path, ec))
    load_urls(urls.path, urls.shown, content, diags);
  load_prose(files, folder, locales, content, diags);
  check_screens(content, locales, diags);
  check_prose(content, locales, diags);
  return content;
}

}  // namespace manualgen
