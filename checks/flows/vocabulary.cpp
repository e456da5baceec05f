#include "checks/flows/vocabulary.h"

#include "generator/core/json_file.h"

namespace manualgen {

const std::vector<std::string>& Vocabulary::words(const std::string& locale, const std::string& list) const {
  static const std::vector<std::string> none;
  std::string language = locale.substr(0, locale.find('-'));
  auto lang = languages.find(language);
  if (lang == languages.end()) lang = languages.find("en");
  if (lang == languages.end()) return none;
  auto it = lang->second.find(list);
  return it == lang->second.end() ? none : it->second;
}

std::optional<Vocabulary> load_vocabulary(const std::string& path, const std::string& display, Diagnostics& diags) {
  auto file = read_json_file(path, display, diags);
  if (!file) return std::nullopt;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return std::nullopt;
  Vocabulary v;
  for (const auto& lang : file->value.items()) {
    if (lang.key() == "description") continue;
    auto o = root.object(lang.key(), Need::required);
    if (!o) continue;
    for (const auto& list : lang.value().items())
      if (auto words = o->strings(list.key(), Need::required)) v.languages[lang.key()][list.key()] = *words;
  }
  return v;
}

}  // namespace manualgen
