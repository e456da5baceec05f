#include "generator/load/locale_catalog.h"

#include <filesystem>
#include <set>

#include "generator/core/json_file.h"
#include "generator/core/project_lookup.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

void load_ui(const std::string& path, const std::string& display, Locale& locale, Diagnostics& diags) {
  auto file = read_json_file(path, display, diags);
  if (!file) return;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return;
  for (const auto& screen : file->value.items()) {
    auto labels = root.object(screen.key(), Need::required);
    if (!labels) continue;
    auto& out = locale.ui[screen.key()];
    for (const auto& item : screen.value().items()) {
      std::string pointer = labels->pointer(item.key());
      UiLabel label;
      label.where = file->map.at(pointer);
      if (item.value().is_string()) {
        label.text = item.value().get<std::string>();
        label.tag = "seen";
      } else {
        JsonObject l(item.value(), pointer, file->map, diags);
        if (!l.ok()) continue;
        l.reject_unknown({"text", "tag", "source", "note"});
        auto text = l.string("text", Need::required);
        if (!text) continue;
        label.text = *text;
        label.tag = l.string("tag", Need::optional).value_or("seen");
        label.source = l.string("source", Need::optional).value_or("");
        static const std::set<std::string> tags = {"seen", "mt", "3p", "inferred"};
        if (!tags.count(label.tag))
          diags.error(l.at("tag"), "unknown tag \"" + label.tag + "\"", "use seen, mt, 3p or inferred");
      }
      out[item.key()] = std::move(label);
    }
  }
}

void load_theme(const std::string& path, const std::string& display, Locale& locale, Diagnostics& diags) {
  auto file = read_json_file(path, display, diags);
  if (!file) return;
  locale.theme_map = file->map;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return;
  for (const auto& item : file->value.items())
    if (auto text = root.string(item.key(), Need::required, true)) locale.theme[item.key()] = *text;
}

}  // namespace

LocaleCatalog LocaleCatalog::load(const ProjectFiles& files, const std::string& folder, Diagnostics& diags) {
  LocaleCatalog catalog;
  if (!files.is_folder(folder)) {
    diags.error({files.shown(folder)}, "the locales folder does not exist, in the project nor in the shipped files",
                "run manualgen in the project folder (the one with site-config.json) or pass --config; the shipped "
                "locales are looked for in " +
                    (files.base().empty() ? std::string("the project") : files.base()));
    return catalog;
  }
  for (const FolderEntry& entry : files.list(folder)) {
    if (entry.kind != FolderEntry::Kind::folder) continue;
    Locale locale;
    locale.tag = entry.relative;
    const std::string dir = join_relative(folder, locale.tag);
    const auto meta_file = files.find(dir + "/locale.json");
    auto meta = read_json_file(meta_file.path, meta_file.shown, diags);
    if (meta) {
      JsonObject m(meta->value, "", meta->map, diags);
      m.reject_unknown({"name", "fallback"});
      locale.name = m.string("name", Need::required).value_or(locale.tag);
      locale.fallback = m.string("fallback", Need::optional).value_or("");
    }
    std::error_code ec;
    if (auto ui = files.find(dir + "/ui.json"); fs::exists(ui.path, ec)) load_ui(ui.path, ui.shown, locale, diags);
    if (auto theme = files.find(dir + "/theme.json"); fs::exists(theme.path, ec))
      load_theme(theme.path, theme.shown, locale, diags);
    catalog.where_[locale.tag] = meta_file.shown;
    catalog.locales_[locale.tag] = std::move(locale);
  }

  // A fallback must exist and the chain must end.
  for (const auto& [tag, locale] : catalog.locales_) {
    if (locale.fallback.empty()) continue;
    Location where{catalog.where_.at(tag), 1, 1, "/fallback"};
    if (!catalog.has(locale.fallback)) {
      diags.error(where, "fallback locale \"" + locale.fallback + "\" does not exist",
                  "create locales/" + locale.fallback + "/ or point the fallback at an existing locale");
      continue;
    }
    std::set<std::string> seen = {tag};
    for (std::string next = locale.fallback; !next.empty(); next = catalog.locales_[next].fallback) {
      if (!seen.insert(next).second) {
        diags.error(where, "the fallback chain of \"" + tag + "\" loops back to \"" + next + "\"",
                    "the last locale of a chain has \"fallback\": null");
        break;
      }
      if (!catalog.has(next)) break;
    }
  }
  return catalog;
}

const Locale* LocaleCatalog::get(const std::string& tag) const {
  auto it = locales_.find(tag);
  return it == locales_.end() ? nullptr : &it->second;
}

std::vector<std::string> LocaleCatalog::tags() const {
  std::vector<std::string> out;
  for (const auto& [tag, unused] : locales_) out.push_back(tag);
  return out;
}

std::vector<std::string> LocaleCatalog::chain(const std::string& tag) const {
  std::vector<std::string> out;
  for (const Locale* l = get(tag); l && out.size() < locales_.size(); l = get(l->fallback)) out.push_back(l->tag);
  return out;
}

// The lookups below walk the chain without chain()'s vector: the resolver looks up every UI label
// of every step of every organisation. The step count bounds a loop a broken catalog could have.
Found<UiLabel> LocaleCatalog::ui(const std::string& tag, const std::string& screen, const std::string& key) const {
  size_t steps = 0;
  for (const Locale* l = get(tag); l && steps++ < locales_.size(); l = get(l->fallback)) {
    auto s = l->ui.find(screen);
    if (s == l->ui.end()) continue;
    if (auto k = s->second.find(key); k != s->second.end()) return {&k->second, l->tag};
  }
  return {};
}

bool LocaleCatalog::has_screen(const std::string& tag, const std::string& screen) const {
  size_t steps = 0;
  for (const Locale* l = get(tag); l && steps++ < locales_.size(); l = get(l->fallback))
    if (l->ui.count(screen)) return true;
  return false;
}

Found<std::string> LocaleCatalog::theme(const std::string& tag, const std::string& key) const {
  size_t steps = 0;
  for (const Locale* l = get(tag); l && steps++ < locales_.size(); l = get(l->fallback))
    if (auto it = l->theme.find(key); it != l->theme.end()) return {&it->second, l->tag};
  return {};
}

std::vector<std::string> LocaleCatalog::theme_keys(const std::string& tag) const {
  std::set<std::string> keys;
  for (const auto& t : chain(tag))
    for (const auto& [key, unused] : locales_.at(t).theme) keys.insert(key);
  return {keys.begin(), keys.end()};
}

}  // namespace manualgen
