#include "generator/render/template_context.h"

#include <string_view>

namespace manualgen {

void TemplateContext::reset() {
  stack_.clear();
  used_ = 0;
  origins_.clear();
  items_.clear();
}

void TemplateContext::push(const Data* data) {
  const TemplateData* node = nullptr;
  if (auto item = items_.find(data); item != items_.end()) {
    node = item->second;
  } else {
    for (auto it = origins_.rbegin(); it != origins_.rend(); ++it)
      if (it->first == data) {
        node = it->second;
        break;
      }
  }
  stack_.insert(stack_.begin(), node);
}

const TemplateContext::Data* TemplateContext::text_stand_in(const TemplateData* node, std::string_view text) const {
  // Stand-ins of earlier renders are overwritten rather than freed and allocated again.
  if (used_ == stand_ins_.size()) stand_ins_.emplace_back(false);
  Data& d = stand_ins_[used_++];
  if (d.is_string()) {
    // Reuses the stand-in's string buffer: kainjow hands out only a const reference to a string
    // it allocated itself (not a const object), and this saves an allocation and a free per value
    // rendered.
    const_cast<std::string&>(d.string_value()).assign(text);
  } else {
    d = Data(std::string(text));
  }
  origins_.emplace_back(&d, node);
  return &d;
}

const TemplateContext::Data* TemplateContext::stand_in(const TemplateData* node) const {
  if (node->kind() == TemplateData::Kind::text) return text_stand_in(node, node->str());
  if (used_ == stand_ins_.size()) stand_ins_.emplace_back(false);
  Data& d = stand_ins_[used_++];
  switch (node->kind()) {
    case TemplateData::Kind::text:  // text_stand_in, above
      break;
    case TemplateData::Kind::flag:
      d = Data(node->flag());
      break;
    case TemplateData::Kind::null:
      d = Data(false);
      break;
    case TemplateData::Kind::list: {
      // A list of stand-ins, one per item; pushing one means "this item".
      d = Data(Data::type::list);
      for (size_t i = 0; i < node->size(); ++i) d.push_back(Data{true});
      const auto& items = d.list_value();
      for (size_t i = 0; i < node->size(); ++i) items_.emplace(&items[i], &(*node)[i]);
      break;
    }
    case TemplateData::Kind::object:
      d = Data(true);
      break;
  }
  origins_.emplace_back(&d, node);
  return &d;
}

// Mustache: the first part of a dotted name is looked up from the top of the stack down; the rest
// is followed from there.
const TemplateData* TemplateContext::find(const std::string& name) const {
  const std::string_view full(name);
  const size_t dot = full.find('.');
  const std::string_view first = full.substr(0, dot);
  for (const TemplateData* node : stack_) {
    if (!node) continue;
    const TemplateData* value = node->find(first);
    if (value && dot != std::string_view::npos) value = value->find_path(full.substr(dot + 1));
    if (value) return value;
  }
  return nullptr;
}

const TemplateContext::Data* TemplateContext::get(const std::string& name) const {
  if (name.size() == 1 && name[0] == '.') return stack_.empty() || !stack_.front() ? nullptr : stand_in(stack_.front());
  if (const TemplateData* value = find(name)) {
    // kainjow passes the tag's own string, which lives as long as the compiled template: its
    // address says "seen before" without hashing the name at every lookup.
    if (use_) use_->found_tag(name);
    if (spliced(name, *value)) return text_stand_in(value, splices_->marker(value->str()));
    return stand_in(value);
  }
  if (use_) {
    // Theme strings differ per locale: one missing in any locale is a mistake, wherever else it is.
    if (name.rfind("t.", 0) == 0)
      use_->missing_theme_strings.emplace(name.substr(2), *locale_);
    else
      use_->missing.insert(name);
  }
  return nullptr;
}

const TemplateContext::Data* TemplateContext::get_partial(const std::string& name) const {
  // Themes use fragments rendered by the generator instead of partials.
  if (use_) use_->missing.insert(">" + name);
  return nullptr;
}

}  // namespace manualgen
