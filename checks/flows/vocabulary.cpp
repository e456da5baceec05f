#include "checks/flows/vocabulary.h"

#include <filesystem>

#include "generator/core/json_file.h"

namespace manualgen {

namespace fs = std::filesystem;

const std::vector<std::string>& Vocabulary::words(const std::string& locale, const std::string& list) const {
  static const std::vector<std::string> none;
  auto chain = chains.find(locale);
  if (chain == chains.end()) return none;
  for (const auto& tag : chain->second) {
    auto lists = locales.find(tag);
    if (lists == locales.end()) continue;
    if (auto it = lists->second.find(list); it != lists->second.end()) return it->second;
  }
  return none;
}

bool Vocabulary::covers(const std::string& locale) const {
  auto chain = chains.find(locale);
  if (chain == chains.end()) return false;
  for (const auto& tag : chain->second)
    if (locales.count(tag)) return true;
  return false;
}

std::optional<Vocabulary> load_vocabulary(const Project& project, Diagnostics& diags) {
  Vocabulary v;
  for (const auto& tag : project.locales.tags()) {
    v.chains[tag] = project.locales.chain(tag);
    const auto found = project.files.find("locales/" + tag + "/vocabulary.json");
    std::error_code ec;
    if (!fs::exists(found.path, ec)) continue;
    auto file = read_json_file(found.path, found.shown, diags);
    if (!file) continue;
    JsonObject root(file->value, "", file->map, diags);
    if (!root.ok()) continue;
    auto& lists = v.locales[tag];
    for (const auto& list : file->value.items()) {
      if (list.key() == "description") continue;
      if (auto words = root.strings(list.key(), Need::required)) lists[list.key()] = *words;
    }
  }
  return v;
}

}  // namespace manualgen
