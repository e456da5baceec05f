#include "generator/theme.h"

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "generator/text.h"

namespace manualgen {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

struct Theme::Templates {
  std::map<std::string, std::string> sources;  // name → template text, for pages and partials
  std::map<std::string, std::string> partials;
};

Theme::Theme() : templates_(std::make_unique<Templates>()) {}
Theme::~Theme() = default;
Theme::Theme(Theme&&) noexcept = default;
Theme& Theme::operator=(Theme&&) noexcept = default;

namespace {

const std::vector<std::string>& page_names() {
  static const std::vector<std::string> names = {"layout", "index", "landing", "flow", "manual"};
  return names;
}

// kainjow has no bridge from nlohmann::json; numbers become their decimal text.
mst::data to_mustache(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mst::data d{mst::data::type::object};
      for (const auto& item : j.items()) d.set(item.key(), to_mustache(item.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mst::data d{mst::data::type::list};
      for (const auto& item : j) d.push_back(to_mustache(item));
      return d;
    }
    case nlohmann::json::value_t::string: return mst::data{j.get<std::string>()};
    case nlohmann::json::value_t::boolean: return mst::data{j.get<bool>()};
    case nlohmann::json::value_t::null: return mst::data{false};
    default: return mst::data{j.dump()};
  }
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
  auto compile = [&](const fs::path& path, const std::string& shown) -> std::optional<std::string> {
    std::string text;
    if (!read_file(path.string(), text)) {
      diags.error({shown}, "cannot read the template");
      return std::nullopt;
    }
    mst::mustache probe{text};
    if (!probe.is_valid()) {
      diags.error({shown}, "template does not parse: " + probe.error_message(),
                  "check that every {{#section}} has its {{/section}} and every tag is closed with }}");
      return std::nullopt;
    }
    return text;
  };
  for (const auto& name : page_names()) {
    fs::path path = fs::path(dir) / "templates" / (name + ".mustache");
    std::string shown = display + "/templates/" + name + ".mustache";
    if (!fs::exists(path)) {
      diags.error({shown}, "the theme has no \"" + name + "\" template");
      good = false;
      continue;
    }
    if (auto text = compile(path, shown))
      theme.templates_->sources[name] = *text;
    else
      good = false;
  }
  fs::path partials = fs::path(dir) / "templates" / "partials";
  if (fs::is_directory(partials, ec)) {
    for (const auto& entry : fs::directory_iterator(partials, ec)) {
      if (entry.path().extension() != ".mustache") continue;
      std::string shown = display + "/templates/partials/" + entry.path().filename().string();
      if (auto text = compile(entry.path(), shown))
        theme.templates_->partials[entry.path().stem().string()] = *text;
      else
        good = false;
    }
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

std::string Theme::render(const std::string& page, const nlohmann::json& data) const {
  mst::data d = to_mustache(data);
  for (const auto& [name, text] : templates_->partials) {
    std::string copy = text;
    d.set(name, mst::partial{[copy] { return copy; }});
  }
  mst::mustache body{templates_->sources.at(page)};
  d.set("content", body.render(d));
  mst::mustache layout{templates_->sources.at("layout")};
  return layout.render(d);
}

}  // namespace manualgen
