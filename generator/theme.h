#pragma once
// themes/<name>/: mustache templates and static files.
//
// templates/layout.mustache     wraps every page; gets the page's data plus {{{content}}}
// templates/<page>.mustache     index, landing, flow, manual
// templates/fragments/*.mustache  step (one step with its choices), desk (the servicedesk box):
//                               rendered by the generator once per step / per organisation and
//                               handed to the pages as HTML ({{{block}}}, {{{desk}}}), so a
//                               fragment is parsed once, not at every use as mustache partials are.
// static/                       copied to the site's assets/ as it is.

#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "generator/diagnostics.h"

namespace manualgen {

class Theme {
 public:
  /// Loads every template of `dir` and checks it parses; problems go to `diags`.
  static std::optional<Theme> load(const std::string& dir, const std::string& display, Diagnostics& diags);

  /// Compiled templates for one thread (kainjow's render is not const, so threads do not share).
  class Renderer {
   public:
    /// Renders page template `page` with `page_data` over `base` (data shared by many pages, looked
    /// up when the page's own data lacks a name), then the layout around it with `content` set.
    std::string page(const std::string& page, const nlohmann::json& base, nlohmann::json& page_data);
    /// Renders fragment `name` with `data` over `base`.
    std::string fragment(const std::string& name, const nlohmann::json& base, const nlohmann::json& data);

   private:
    friend class Theme;
    std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>> templates_;
  };

  Renderer renderer() const;

  /// Static files: path relative to the theme's static/ folder → absolute source path.
  const std::map<std::string, std::string>& static_files() const { return static_files_; }

 private:
  std::map<std::string, std::string> sources_;  // "flow", "layout", "fragments/step", …
  std::map<std::string, std::string> static_files_;
};

}  // namespace manualgen
