#include "generator/theme.h"

#include <filesystem>

#include "generator/template_context.h"
#include "generator/text.h"

namespace manualgen {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

namespace {
const std::vector<std::string>& required_templates() {
  static const std::vector<std::string> names = {"layout", "index", "landing", "flow", "manual", "fragments/step",
                                                 "fragments/desk"};
  return names;
}
}  // namespace

std::optional<Theme> Theme::load(const std::string& dir, const std::string& display, Diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error({display}, "theme folder does not exist", "check \"theme\" in site-config.json; themes live in themes/");
    return std::nullopt;
  }
  Theme theme;
  bool good = true;
  for (const auto& name : required_templates()) {
    fs::path path = fs::path(dir) / "templates" / (name + ".mustache");
    std::string shown = display + "/templates/" + name + ".mustache";
    std::string text;
    if (!read_file(path.string(), text)) {
      diags.error({shown}, "the theme has no \"" + name + "\" template");
      good = false;
      continue;
    }
    mst::mustache probe{text};
    if (!probe.is_valid()) {
      diags.error({shown}, "template does not parse: " + probe.error_message(),
                  "check that every {{#section}} has its {{/section}} and every tag is closed with }}");
      good = false;
      continue;
    }
    theme.sources_[name] = text;
  }
  fs::path statics = fs::path(dir) / "static";
  if (fs::is_directory(statics, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(statics, ec))
      if (entry.is_regular_file())
        theme.static_files_[fs::relative(entry.path(), statics).generic_string()] = entry.path().string();
  }
  if (!good) return std::nullopt;
  return theme;
}

Theme::Renderer Theme::renderer() const {
  Renderer r;
  for (const auto& [name, text] : sources_) r.templates_[name] = std::make_unique<mst::mustache>(text);
  return r;
}

std::string Theme::Renderer::page(const std::string& page, const nlohmann::json& base, nlohmann::json& page_data) {
  {
    TemplateContext ctx;
    ctx.push_json(&base);
    ctx.push_json(&page_data);
    page_data["content"] = templates_.at(page)->render(ctx);
  }
  TemplateContext ctx;
  ctx.push_json(&base);
  ctx.push_json(&page_data);
  return templates_.at("layout")->render(ctx);
}

std::string Theme::Renderer::fragment(const std::string& name, const nlohmann::json& base, const nlohmann::json& data) {
  TemplateContext ctx;
  ctx.push_json(&base);
  ctx.push_json(&data);
  return templates_.at("fragments/" + name)->render(ctx);
}

}  // namespace manualgen
