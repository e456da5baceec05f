#pragma once
// The project: everything a build or a check reads (the config, content/, locales/, the theme),
// loaded and cross-checked.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/project_lookup.h"
#include "generator/load/content.h"
#include "generator/load/locale_catalog.h"
#include "generator/load/site_config.h"
#include "generator/load/theme.h"
#include "generator/model/screen_model.h"

namespace manualgen {

/// Everything the build reads, loaded and cross-checked.
struct Project {
  ProjectFiles files{".", ""};  // where each input is found: the project, then the base layer
  SiteConfig config;
  LocaleCatalog locales;
  Content content;
  std::map<std::string, FlowModel> screens;  // flow → its screens (content/screens/)
  std::optional<Theme> theme;
  std::string root;         // folder holding content/, locales/, themes/ (the config's folder)
  std::string fingerprint;  // of everything but the organisations: content, locales, theme, site, manualgen
  // Every file and folder the load read (the config, content/, locales/, the theme, the logos) and
  // a fingerprint of all their bytes, for the next build's site_up_to_date.
  std::vector<std::string> inputs;
  std::string inputs_fingerprint;
};

/// The folders of the project's inputs, relative to it and to the base layer: content, locales and
/// the config's theme, in that order.
std::vector<std::string> input_folders(const SiteConfig& config);

/// A file of the input folders, and the layer it is taken from.
struct InputSource {
  std::string relative;
  ProjectFiles::Found found;
};

/// Every file of the project's input folders in either layer, ordered by path, with the one the
/// build takes: for `build -v`, which says where each input came from.
std::vector<InputSource> input_sources(const Project& project);

/// Loads the project around `config_path`. Returns nullopt only if nothing usable was read;
/// check `diags.has_errors()` either way.
/// `fingerprints` (path → fingerprint_path, from site_up_to_date) are used instead of hashing
/// those inputs again after loading them.
std::optional<Project> load_project(const std::string& config_path, Diagnostics& diags,
                                    const std::map<std::string, std::string>& fingerprints = {});

}  // namespace manualgen
