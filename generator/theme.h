#pragma once
// themes/<name>/: mustache templates (a layout, one template per page kind, partials) and the
// static files (CSS, images) copied to the site as they are.

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "generator/diagnostics.h"

namespace manualgen {

class Theme {
 public:
  Theme();
  ~Theme();
  Theme(Theme&&) noexcept;
  Theme& operator=(Theme&&) noexcept;

  /// Loads and compiles every template of `dir`; problems (a missing page template, a template
  /// that does not parse) go to `diags`.
  static std::optional<Theme> load(const std::string& dir, const std::string& display, Diagnostics& diags);

  /// Renders page template `page` (index, landing, flow, manual) with `data`, then the layout
  /// around it with the same data plus `content`.
  std::string render(const std::string& page, const nlohmann::json& data) const;

  /// Static files: path relative to the theme's static/ folder → absolute source path.
  const std::map<std::string, std::string>& static_files() const { return static_files_; }

 private:
  struct Templates;
  std::unique_ptr<Templates> templates_;
  std::map<std::string, std::string> static_files_;
};

}  // namespace manualgen
