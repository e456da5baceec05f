#pragma once
// A kainjow mustache context that reads nlohmann::json directly. kainjow's own data type copies
// a whole subtree each time it is nested into a parent; building a page's data that way costed
// more than rendering it. This context implements kainjow's documented extension point
// (basic_context) and hands kainjow small stand-ins made on demand for the values it asks for.

#include <deque>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "generator/theme.h"

namespace manualgen {

class TemplateContext : public kainjow::mustache::basic_context<std::string> {
 public:
  using Data = kainjow::mustache::basic_data<std::string>;

  /// Data looked up last (the bottom of the stack).
  void push_json(const nlohmann::json* node) { stack_.insert(stack_.begin(), node); }
  /// Records every name looked up in `use`; `locale` is the page's, for theme strings.
  void record_names(NameUse* use, std::string locale) {
    use_ = use;
    locale_ = std::move(locale);
  }

  void push(const Data* data) override;
  void pop() override { stack_.erase(stack_.begin()); }
  const Data* get(const std::string& name) const override;
  const Data* get_partial(const std::string& name) const override;

 private:
  const Data* stand_in(const nlohmann::json* node) const;

  std::vector<const nlohmann::json*> stack_;  // top first, like kainjow's own context
  mutable std::deque<Data> stand_ins_;        // stable addresses for kainjow to hold
  mutable std::unordered_map<const nlohmann::json*, const Data*> by_node_;
  mutable std::unordered_map<const Data*, const nlohmann::json*> by_stand_in_;
  NameUse* use_ = nullptr;
  std::string locale_;
};

}  // namespace manualgen
