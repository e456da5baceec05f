#include "generator/template_context.h"

namespace manualgen {

using nlohmann::json;

void TemplateContext::push(const Data* data) {
  auto it = by_stand_in_.find(data);
  // kainjow only pushes what `get` returned (or items of such a list), so the lookup succeeds.
  stack_.insert(stack_.begin(), it == by_stand_in_.end() ? nullptr : it->second);
}

const TemplateContext::Data* TemplateContext::stand_in(const json* node) const {
  if (auto it = by_node_.find(node); it != by_node_.end()) return it->second;
  Data* d = nullptr;
  switch (node->type()) {
    case json::value_t::string: d = &stand_ins_.emplace_back(node->get_ref<const std::string&>()); break;
    case json::value_t::boolean: d = &stand_ins_.emplace_back(node->get<bool>()); break;
    case json::value_t::null: d = &stand_ins_.emplace_back(false); break;
    case json::value_t::array: {
      // A list of placeholders, one per element; pushing one means "this element".
      d = &stand_ins_.emplace_back(Data::type::list);
      for (size_t i = 0; i < node->size(); ++i) d->push_back(Data{true});
      const auto& items = d->list_value();
      for (size_t i = 0; i < node->size(); ++i) by_stand_in_[&items[i]] = &(*node)[i];
      break;
    }
    case json::value_t::object: d = &stand_ins_.emplace_back(true); break;
    default: d = &stand_ins_.emplace_back(node->dump()); break;
  }
  by_node_[node] = d;
  by_stand_in_[d] = node;
  return d;
}

const TemplateContext::Data* TemplateContext::get(const std::string& name) const {
  if (name == ".") return stack_.empty() || !stack_.front() ? nullptr : stand_in(stack_.front());
  // Mustache: the first part of a dotted name is looked up from the top of the stack down; the
  // rest is followed from there.
  for (const json* node : stack_) {
    if (!node || !node->is_object()) continue;
    const json* value = node;
    size_t start = 0;
    while (value) {
      size_t dot = name.find('.', start);
      std::string part = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      auto it = value->is_object() ? value->find(part) : value->end();
      value = (value->is_object() && it != value->end()) ? &*it : nullptr;
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (value) {
      if (use_) use_->found.insert(name);
      return stand_in(value);
    }
  }
  if (use_) {
    // Theme strings differ per locale: one missing in any locale is a mistake, wherever else it is.
    if (name.rfind("t.", 0) == 0)
      use_->missing_theme_strings.emplace(name.substr(2), locale_);
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
