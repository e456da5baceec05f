#include "generator/render/template_data.h"

#include <utility>

namespace manualgen {

TemplateData TemplateData::view(std::string_view text) {
  TemplateData d;
  d.kind_ = Kind::text;
  d.view_ = text;
  return d;
}

TemplateData TemplateData::optional(std::string_view text) { return text.empty() ? TemplateData() : view(text); }

TemplateData TemplateData::text(std::string text) {
  TemplateData d;
  d.kind_ = Kind::text;
  d.owned_ = std::move(text);
  return d;
}

TemplateData TemplateData::list() {
  TemplateData d;
  d.kind_ = Kind::list;
  return d;
}

TemplateData TemplateData::object() {
  TemplateData d;
  d.kind_ = Kind::object;
  return d;
}

TemplateData TemplateData::refer(const TemplateData& other) {
  TemplateData d;
  d.target_ = &other.target();
  return d;
}

std::string_view TemplateData::str() const {
  const TemplateData& t = target();
  // An owned string is read where it is now: a view of it would dangle after a move.
  return t.view_.data() ? t.view_ : std::string_view(t.owned_);
}

TemplateData& TemplateData::set(std::string_view name, TemplateData value) {
  for (Child& c : children_)
    if (c.name == name) return c.value = std::move(value);
  if (children_.empty()) children_.reserve(8);  // most objects have 4 to 12 names: fewer regrowths
  children_.push_back({name, std::move(value)});
  return children_.back().value;
}

TemplateData& TemplateData::add(TemplateData value) {
  children_.push_back({{}, std::move(value)});
  return children_.back().value;
}

const TemplateData* TemplateData::find(std::string_view name) const {
  const TemplateData& t = target();
  if (t.kind_ != Kind::object) return nullptr;
  for (const Child& c : t.children_)
    if (c.name == name) return &c.value;
  return nullptr;
}

const TemplateData* TemplateData::find_path(std::string_view path) const {
  const TemplateData* value = this;
  for (size_t start = 0; value;) {
    const size_t dot = path.find('.', start);
    value = value->find(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return value;
}

}  // namespace manualgen
