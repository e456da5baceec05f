#include "generator/render/theme_renderer.h"

#include <algorithm>
#include <vector>

#include "generator/core/text.h"

namespace manualgen {

namespace mst = kainjow::mustache;

namespace {
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

}  // namespace

ThemeRenderer::ThemeRenderer(const Theme& theme, TemplateNames& names)
    : context_(std::make_unique<TemplateContext>()), names_(&names) {
  for (const auto& [name, text] : theme.sources()) {
    auto compiled = std::make_unique<mst::mustache>(text);
    compiled->set_custom_escape([](const std::string& s) { return html_escape(s); });
    templates_[name].mustache = std::move(compiled);
    templates_[name].raw_names = raw_only_names(text);
  }
}

ThemeRenderer::ThemeRenderer(ThemeRenderer&& other) noexcept
    : templates_(std::move(other.templates_)),
      context_(std::move(other.context_)),
      locale_(std::move(other.locale_)),
      names_(other.names_) {
  other.names_ = nullptr;
}

ThemeRenderer::~ThemeRenderer() {
  if (!names_) return;
  std::lock_guard<std::mutex> lock(names_->mutex);
  for (auto& [name, t] : templates_) {
    NameUse& all = names_->names[name];
    all.found.merge(t.names.found);
    all.missing.merge(t.names.missing);
    all.missing_theme_strings.merge(t.names.missing_theme_strings);
  }
}

void check_template_names(const Theme& theme, TemplateNames& names, Diagnostics& diags) {
  std::lock_guard<std::mutex> lock(names.mutex);
  for (const auto& [name, use] : names.names) {
    const std::string& text = theme.sources().at(name);
    std::string shown = theme.display() + "/templates/" + name + ".mustache";
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

std::string ThemeRenderer::render(Compiled& t, std::string_view locale, const TemplateData& base,
                                  const TemplateData& data) {
  TemplateContext& ctx = *context_;
  ctx.reset();
  locale_.assign(locale);
  ctx.record_names(&t.names, locale_);
  splices_.clear();
  ctx.splice_raw(&t.raw_names, &splices_);
  ctx.push_data(&base);
  ctx.push_data(&data);
  StringSink out;
  out.text.reserve(t.max_size);
  t.mustache->render(ctx, out);
  t.max_size = std::max(t.max_size, out.text.size());
  return splices_.apply(std::move(out.text));
}

namespace {
std::string_view lang(const TemplateData& base) {
  const TemplateData* l = base.find("lang");
  return l ? l->str() : std::string_view();
}
}  // namespace

std::string ThemeRenderer::page(const std::string& page, const TemplateData& base, TemplateData& page_data) {
  page_data.set("content", TemplateData::text(render(templates_.at(page), lang(base), base, page_data)));
  return render(templates_.at("layout"), lang(base), base, page_data);
}

std::string ThemeRenderer::fragment(const std::string& name, const TemplateData& base, const TemplateData& data) {
  return render(templates_.at("fragments/" + name), lang(base), base, data);
}

}  // namespace manualgen
