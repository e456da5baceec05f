#pragma once
// locales/<tag>/: the exact on-screen labels per screen and the theme's strings, with a
// fallback chain (nl-BE → nl → en). Adding a locale is adding a folder.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/core/source_map.h"

namespace manualgen {

class ProjectFiles;

struct UiLabel {
  std::string text;
  std::string tag;  // seen, mt, 3p, inferred
  std::string source;
  Location where;
};

struct Locale {
  std::string tag;
  std::string name;                                          // in its own language: "Nederlands"
  std::string fallback;                                      // next locale in the chain, or empty
  std::map<std::string, std::map<std::string, UiLabel>> ui;  // screen → key → label
  std::map<std::string, std::string> theme;
  SourceMap theme_map;
};

/// What a lookup found and in which locale of the chain, so fallbacks can be reported.
template <typename T>
struct Found {
  const T* value = nullptr;
  std::string locale;
  explicit operator bool() const { return value != nullptr; }
};

class LocaleCatalog {
 public:
  /// Loads every locale folder of `folder` (`locales`) in the project and the base layer. Each
  /// file of a locale (locale.json, ui.json, theme.json) is the project's or the shipped one as a
  /// whole: a label is exact text of Microsoft's screen, so a locale's labels are reviewed
  /// together against the screens, and an override records one upstream version of one file.
  static LocaleCatalog load(const ProjectFiles& files, const std::string& folder, Diagnostics& diags);

  bool has(const std::string& tag) const { return locales_.count(tag) > 0; }
  const Locale* get(const std::string& tag) const;
  std::vector<std::string> tags() const;
  /// `tag` followed by its fallbacks.
  std::vector<std::string> chain(const std::string& tag) const;

  Found<UiLabel> ui(const std::string& tag, const std::string& screen, const std::string& key) const;
  bool has_screen(const std::string& tag, const std::string& screen) const;
  Found<std::string> theme(const std::string& tag, const std::string& key) const;
  /// Every theme key known in the chain of `tag`.
  std::vector<std::string> theme_keys(const std::string& tag) const;

 private:
  std::map<std::string, Locale> locales_;
  std::map<std::string, std::string> where_;  // tag → its locale.json, as messages name it
};

}  // namespace manualgen
