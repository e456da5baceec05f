#pragma once
// themes/<name>/: mustache templates and static files, loaded and checked to parse. Rendering with
// them is render/theme_renderer.h.
//
// templates/layout.mustache     wraps every page; gets the page's data plus {{{content}}}
// templates/<page>.mustache     index, landing, flow, manual
// templates/fragments/*.mustache  step (one step with its choices), desk (the servicedesk box):
//                               rendered by the generator once per step / per organisation and
//                               handed to the pages as HTML ({{{block}}}, {{{desk}}}), so a
//                               fragment is parsed once, not at every use as mustache partials are.
// static/                       copied to the site's assets/ as it is.

#include <map>
#include <optional>
#include <string>

#include "generator/core/diagnostics.h"

namespace manualgen {

class ProjectFiles;

class Theme {
 public:
  /// Loads every template of `folder` (`themes/<name>`) and checks it parses; problems go to
  /// `diags`. Each template and static file is the project's or the shipped one, as a whole.
  static std::optional<Theme> load(const ProjectFiles& files, const std::string& folder, Diagnostics& diags);

  /// "themes/default", for messages.
  const std::string& display() const { return display_; }
  /// Template sources by name: "flow", "layout", "fragments/step", …
  const std::map<std::string, std::string>& sources() const { return sources_; }
  /// Static files: path relative to the theme's static/ folder → absolute source path.
  const std::map<std::string, std::string>& static_files() const { return static_files_; }

 private:
  std::string display_;
  std::map<std::string, std::string> sources_;
  std::map<std::string, std::string> static_files_;
};

}  // namespace manualgen
