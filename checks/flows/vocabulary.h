#pragma once
// locales/<tag>/vocabulary.json: per locale, the words the prose rules look for.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/load/project.h"

namespace manualgen {

/// A phrase of a list and its words, split once for matching against the words of every clause.
struct Phrase {
  std::string text;
  std::vector<std::string> words;
};

/// Per locale: word lists the prose rules look for; a locale without them uses its fallback's.
struct Vocabulary {
  std::map<std::string, std::map<std::string, std::vector<std::string>>> locales;  // tag → list → words
  std::map<std::string, std::vector<std::string>> chains;                          // tag → it and its fallbacks
  std::map<std::string, std::vector<std::pair<std::string, std::vector<Phrase>>>> phrases;  // tag → list → phrases
  /// Words of `list` for `locale`: from the first locale of its chain that has the list.
  const std::vector<std::string>& words(const std::string& locale, const std::string& list) const;
  /// The names of the lists `locale` has words for, through its chain.
  std::vector<std::string> lists(const std::string& locale) const;
  /// Whether a locale of `locale`'s chain in the same language has words: else its prose is read
  /// with another language's words, or none, and checked only in part.
  bool covers(const std::string& locale) const;
};

/// Reads `vocabulary.json` of every locale of the project.
std::optional<Vocabulary> load_vocabulary(const Project& project, Diagnostics& diags);

}  // namespace manualgen
