#pragma once
// The theme's templates compiled and rendered (kainjow mustache), and the check that every name a
// template looks up is one some page gives it.

#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "generator/core/diagnostics.h"
#include "generator/load/theme.h"
#include "generator/render/template_context.h"
#include "generator/render/template_data.h"

namespace manualgen {

/// The names the templates looked up, merged from every renderer of a build.
struct TemplateNames {
  std::mutex mutex;
  std::map<std::string, NameUse> names;  // template → names looked up in any render
};

/// Compiled templates for one thread (kainjow's render is not const, so threads do not share).
/// Records the names each template looks up; they are merged into `names` when the renderer is
/// destroyed.
class ThemeRenderer {
 public:
  ThemeRenderer(const Theme& theme, TemplateNames& names);
  ThemeRenderer(ThemeRenderer&&) noexcept;
  ThemeRenderer& operator=(ThemeRenderer&&) = delete;
  ~ThemeRenderer();
  /// Renders page template `page` with `page_data` over `base` (data shared by many pages, looked
  /// up when the page's own data lacks a name), then the layout around it with `content` set.
  std::string page(const std::string& page, const TemplateData& base, TemplateData& page_data);
  /// Renders fragment `name` with `data` over `base`.
  std::string fragment(const std::string& name, const TemplateData& base, const TemplateData& data);

 private:
  struct Compiled {
    std::unique_ptr<kainjow::mustache::mustache> mustache;
    std::unordered_set<std::string> raw_names;  // rendered only raw: spliced in (template_splice.h)
    NameUse names;                              // the names it looked up
    size_t max_size = 0;                        // of its outputs so far: room reserved for the next one
  };
  std::string render(Compiled& t, std::string_view locale, const TemplateData& base, const TemplateData& data);

  std::map<std::string, Compiled> templates_;  // "flow", "layout", "fragments/step", …
  std::unique_ptr<TemplateContext> context_;   // reused: its memory outlives one render
  Splices splices_;                            // of the render under way
  std::string locale_;                         // of the render under way, for the name log
  TemplateNames* names_;
};

/// Reports, after the renderers of a build are gone, every name a template looked up that no
/// render of it found (`{{titel}}`), and every theme string `{{t.key}}` missing in a locale.
/// Mustache sections look up names that some pages lack (`{{#manual}}`), so a name counts as
/// known when any render of that template found it; call this only after a build that rendered
/// every kind of page, i.e. at least one organisation in one locale.
void check_template_names(const Theme& theme, TemplateNames& names, Diagnostics& diags);

}  // namespace manualgen
