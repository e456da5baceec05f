#include "checks/flows/vocabulary.h"

#include <algorithm>
#include <filesystem>

#include "checks/flows/prose_text.h"
#include "generator/core/json_file.h"
#include "generator/core/text.h"

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

std::vector<std::string> Vocabulary::lists(const std::string& locale) const {
  std::vector<std::string> out;
  auto chain = chains.find(locale);
  if (chain == chains.end()) return out;
  for (const auto& tag : chain->second)
    if (auto it = locales.find(tag); it != locales.end())
      for (const auto& [list, words] : it->second)
        if (std::find(out.begin(), out.end(), list) == out.end()) out.push_back(list);
  return out;
}

bool Vocabulary::covers(const std::string& locale) const {
  auto chain = chains.find(locale);
  if (chain == chains.end()) return false;
  auto language = [](const std::string& tag) { return tag.substr(0, tag.find('-')); };
  for (const auto& tag : chain->second)
    if (locales.count(tag) && language(tag) == language(locale)) return true;
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
  for (const auto& tag : project.locales.tags())
    for (const auto& list : v.lists(tag)) {
      std::vector<Phrase> split;
      for (const auto& w : v.words(tag, list)) split.push_back({w, words_of(ascii_lowercase(w))});
      v.phrases[tag].emplace_back(list, std::move(split));
    }
  return v;
}

}  // namespace manualgen
