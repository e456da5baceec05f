#include "generator/theme.h"

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "generator/template_context.h"
#include "generator/text.h"

namespace manualgen {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

namespace {
const std::vector<std::string>& required_templates() {
  static const std::vector<std::string> names = {"layout", "index",          "landing",       "flow",
                                                 "manual", "fragments/step", "fragments/desk"};
  return names;
}

// The name inside a tag, without its sigil and spaces: "{{# org }}" → "org".
std::string tag_name(std::string_view inner) {
  while (!inner.empty() && std::string_view("#^/&{>! ").find(inner.front()) != std::string_view::npos)
    inner.remove_prefix(1);
  while (!inner.empty() && (inner.back() == ' ' || inner.back() == '}')) inner.remove_suffix(1);
  return std::string(inner);
}

// The line of the first tag naming `name`, 0 if none does.
int line_of_tag(const std::string& text, const std::string& name) {
  for (size_t open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
    size_t close = text.find("}}", open + 2);
    if (close == std::string::npos) break;
    if (tag_name(std::string_view(text).substr(open + 2, close - open - 2)) == name) return line_of_offset(text, open);
  }
  return 0;
}

// kainjow takes "{{title</a> … }}" for one long tag and renders it as nothing; a tag holding a
// line break, a "<" or another "{{" is a tag someone forgot to close.
void check_tags_closed(const std::string& text, const std::string& shown, Diagnostics& diags) {
  if (text.find("{{=") != std::string::npos) return;  // custom delimiters: kainjow's parse decides
  for (size_t open = text.find("{{"); open != std::string::npos;) {
    size_t close = text.find("}}", open + 2);
    std::string_view inner =
        std::string_view(text).substr(open + 2, close == std::string::npos ? 40 : close - open - 2);
    bool comment = !inner.empty() && inner[0] == '!';
    if (!comment && (close == std::string::npos || inner.find_first_of("\n<") != std::string_view::npos ||
                     inner.find("{{") != std::string_view::npos)) {
      size_t end = inner.find_first_of(" \n<{}", 1);
      std::string_view start =
          std::string_view(text).substr(open, 2 + (end == std::string_view::npos ? inner.size() : end));
      diags.error({shown, line_of_offset(text, open), 0}, "unclosed tag \"" + std::string(start) + "\"",
                  "close it with }}, e.g. {{title}}");
      return;
    }
    open = text.find("{{", close + 2);
  }
}
}  // namespace

struct Theme::NameLog {
  std::mutex mutex;
  std::map<std::string, NameUse> names;  // template → names looked up in any render
};

Theme::Renderer::Renderer() : context_(std::make_unique<TemplateContext>()) {}
Theme::Renderer::Renderer(Renderer&&) noexcept = default;
Theme::Renderer& Theme::Renderer::operator=(Renderer&&) noexcept = default;

Theme::Renderer::~Renderer() {
  if (!log_) return;
  std::lock_guard<std::mutex> lock(log_->mutex);
  for (auto& [name, t] : templates_) {
    NameUse& all = log_->names[name];
    all.found.merge(t.names.found);
    all.missing.merge(t.names.missing);
    all.missing_theme_strings.merge(t.names.missing_theme_strings);
  }
}

void Theme::check_names(Diagnostics& diags) const {
  std::lock_guard<std::mutex> lock(names_->mutex);
  for (const auto& [name, use] : names_->names) {
    const std::string& text = sources_.at(name);
    std::string shown = display_ + "/templates/" + name + ".mustache";
    std::vector<std::string> unknown;
    for (const auto& n : use.missing)
      if (!use.found.count(n)) unknown.push_back(n);
    std::sort(unknown.begin(), unknown.end());
    std::vector<std::string> known(use.found.begin(), use.found.end());
    std::sort(known.begin(), known.end());
    for (const auto& n : unknown) {
      if (n[0] == '>') {
        diags.error({shown, line_of_tag(text, n.substr(1)), 0},
                    "the template includes the partial {{>" + n.substr(1) + "}}",
                    "themes have no partials: the pages get the fragments as {{{block}}} and {{{desk}}} (see "
                    "themes/default/README.md)");
        continue;
      }
      std::string near = closest_match(n, known);
      diags.error({shown, line_of_tag(text, n), 0}, "the template uses {{" + n + "}}, which no page gives it",
                  (near.empty() ? std::string() : "did you mean {{" + near + "}}? ") +
                      "The names each template gets are listed in themes/default/README.md");
    }
    for (const auto& [key, locale] : use.missing_theme_strings)
      diags.error({shown, line_of_tag(text, "t." + key), 0},
                  "the template uses theme string {{t." + key + "}}, which locale \"" + locale +
                      "\" and its fallbacks do not have",
                  "add \"" + key + "\": \"…\" to locales/" + locale + "/theme.json");
  }
}

std::optional<Theme> Theme::load(const std::string& dir, const std::string& display, Diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error({display}, "theme folder does not exist",
                "check \"theme\" in site-config.json; themes live in themes/");
    return std::nullopt;
  }
  Theme theme;
  theme.display_ = display;
  theme.names_ = std::make_shared<NameLog>();
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
    // As for prose: a template is a page's worth of markup; a bigger file is a wrong one (a page
    // saved over it, a log), and kainjow would compile it for every render thread.
    if (text.size() > 1024 * 1024) {
      diags.error({shown}, "the file is larger than 1 MiB", "is this the right file?");
      good = false;
      continue;
    }
    strip_bom(text);  // as Windows Notepad saves it; kept, it would precede <!DOCTYPE html>
    mst::mustache probe{text};
    if (!probe.is_valid()) {
      // kainjow ends its messages with " at <byte offset>"; an editor needs the line.
      std::string message = probe.error_message();
      int line = 0;
      if (size_t at = message.rfind(" at "); at != std::string::npos && at + 4 < message.size() &&
                                             message.find_first_not_of("0123456789", at + 4) == std::string::npos) {
        line = line_of_offset(text, std::stoul(message.substr(at + 4)));
        message.erase(at);
      }
      diags.error({shown, line, 0}, "template does not parse: " + message,
                  "check that every {{#section}} has its {{/section}} and every tag is closed with }}");
      good = false;
      continue;
    }
    size_t before = static_cast<size_t>(diags.error_count());
    check_tags_closed(text, shown, diags);
    if (static_cast<size_t>(diags.error_count()) != before) {
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
  for (const auto& [name, text] : sources_) {
    auto compiled = std::make_unique<mst::mustache>(text);
    compiled->set_custom_escape([](const std::string& s) { return html_escape(s); });
    r.templates_[name].mustache = std::move(compiled);
  }
  r.log_ = names_;
  return r;
}

namespace {
// kainjow writes a render's output to a stream with <<; this one appends to a string, without
// the ostringstream's locale machinery and final copy.
struct StringSink {
  std::string text;
  StringSink& operator<<(const std::string& s) {
    text += s;
    return *this;
  }
};
}  // namespace

std::string Theme::Renderer::render(Compiled& t, std::string_view locale, const TemplateData& base,
                                    const TemplateData& data) {
  TemplateContext& ctx = *context_;
  ctx.reset();
  locale_.assign(locale);
  ctx.record_names(&t.names, locale_);
  ctx.push_data(&base);
  ctx.push_data(&data);
  StringSink out;
  out.text.reserve(t.max_size);
  t.mustache->render(ctx, out);
  t.max_size = std::max(t.max_size, out.text.size());
  return std::move(out.text);
}

namespace {
std::string_view lang(const TemplateData& base) {
  const TemplateData* l = base.find("lang");
  return l ? l->str() : std::string_view();
}
}  // namespace

std::string Theme::Renderer::page(const std::string& page, const TemplateData& base, TemplateData& page_data) {
  page_data.set("content", TemplateData::text(render(templates_.at(page), lang(base), base, page_data)));
  return render(templates_.at("layout"), lang(base), base, page_data);
}

std::string Theme::Renderer::fragment(const std::string& name, const TemplateData& base, const TemplateData& data) {
  return render(templates_.at("fragments/" + name), lang(base), base, data);
}

}  // namespace manualgen
