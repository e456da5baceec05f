#pragma once
// checks/models/vocabulary.json: per language, the words the prose rules look for.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// Per language: word lists the prose rules look for (checks/models/vocabulary.json).
struct Vocabulary {
  std::map<std::string, std::map<std::string, std::vector<std::string>>> languages;
  /// Words of `list` for `locale` (its language, else English).
  const std::vector<std::string>& words(const std::string& locale, const std::string& list) const;
};

std::optional<Vocabulary> load_vocabulary(const std::string& path, const std::string& display, Diagnostics& diags);

}  // namespace manualgen
