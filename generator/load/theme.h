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
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "generator/diagnostics.h"
#include "generator/template_data.h"

namespace manualgen {

/// The names a template looked up, over many renders: a name no render found is a mistake in the
/// template (kainjow renders it as nothing), reported by Theme::check_names.
struct NameUse {
  std::unordered_set<std::string> found;
  std::unordered_set<const std::string*> found_tags;  // the tags behind `found`, in one renderer
  std::unordered_set<std::string> missing;
  std::set<std::pair<std::string, std::string>> missing_theme_strings;  // ("back", locale): {{t.back}}
};

class TemplateContext;

class Theme {
 public:
  /// Loads every template of `dir` and checks it parses; problems go to `diags`.
  static std::optional<Theme> load(const std::string& dir, const std::string& display, Diagnostics& diags);

  struct NameLog;  // the names the templates looked up, merged from every renderer

  /// Compiled templates for one thread (kainjow's render is not const, so threads do not share).
  /// Records the names each template looks up; they are merged into the theme's log when the
  /// renderer is destroyed.
  class Renderer {
   public:
    Renderer();
    Renderer(Renderer&&) noexcept;
    Renderer& operator=(Renderer&&) noexcept;
    ~Renderer();
    /// Renders page template `page` with `page_data` over `base` (data shared by many pages, looked
    /// up when the page's own data lacks a name), then the layout around it with `content` set.
    std::string page(const std::string& page, const TemplateData& base, TemplateData& page_data);
    /// Renders fragment `name` with `data` over `base`.
    std::string fragment(const std::string& name, const TemplateData& base, const TemplateData& data);

   private:
    friend class Theme;
    struct Compiled {
      std::unique_ptr<kainjow::mustache::mustache> mustache;
      NameUse names;        // the names it looked up
      size_t max_size = 0;  // of its outputs so far: room reserved for the next one
    };
    std::string render(Compiled& t, std::string_view locale, const TemplateData& base, const TemplateData& data);

    std::map<std::string, Compiled> templates_;  // "flow", "layout", "fragments/step", …
    std::unique_ptr<TemplateContext> context_;   // reused: its memory outlives one render
    std::string locale_;                         // of the render under way, for the name log
    std::shared_ptr<NameLog> log_;
  };

  Renderer renderer() const;

  /// Static files: path relative to the theme's static/ folder → absolute source path.
  const std::map<std::string, std::string>& static_files() const { return static_files_; }

  /// Reports, after the renderers of a build are gone, every name a template looked up that no
  /// render of it found (`{{titel}}`), and every theme string `{{t.key}}` missing in a locale.
  /// Mustache sections look up names that some pages lack (`{{#manual}}`), so a name counts as
  /// known when any render of that template found it; call this only after a build that rendered
  /// every kind of page, i.e. at least one organisation in one locale.
  void check_names(Diagnostics& diags) const;

 private:
  std::string display_;  // "themes/default", for messages
  std::shared_ptr<NameLog> names_;
  std::map<std::string, std::string> sources_;  // "flow", "layout", "fragments/step", …
  std::map<std::string, std::string> static_files_;
};

}  // namespace manualgen
