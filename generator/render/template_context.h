#pragma once
// A kainjow mustache context that reads TemplateData directly. kainjow's own data type copies a
// whole subtree each time it is nested into a parent; building a page's data that way costed more
// than rendering it. This context implements kainjow's documented extension point (basic_context)
// and hands kainjow small stand-ins made on demand for the values it asks for.

#include <array>
#include <cstdint>
#include <deque>
#include <kainjow/mustache.hpp>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "generator/render/template_data.h"
#include "generator/render/template_splice.h"

namespace manualgen {

/// The names a template looked up, over many renders: a name no render found is a mistake in the
/// template (kainjow renders it as nothing), reported by check_template_names.
struct NameUse {
  std::unordered_set<std::string> found;
  std::unordered_set<const std::string*> found_tags;  // the tags behind `found`, in one renderer
  std::unordered_set<std::string> missing;
  std::set<std::pair<std::string, std::string>> missing_theme_strings;  // ("back", locale): {{t.back}}
  // Tags found lately, by the bits of their address: nearly every lookup is of a tag found before,
  // and this answers it without the set, which was 3% of a 500-organisation build.
  std::array<const std::string*, 512> recent{};

  /// Records that `tag` (the tag's own string, which lives as long as the compiled template) found
  /// its name.
  void found_tag(const std::string& tag) {
    const std::string*& slot = recent[(reinterpret_cast<std::uintptr_t>(&tag) >> 4) % recent.size()];
    if (slot == &tag) return;
    slot = &tag;
    if (found_tags.insert(&tag).second) found.insert(tag);
  }
};

class TemplateContext : public kainjow::mustache::basic_context<std::string> {
 public:
  using Data = kainjow::mustache::basic_data<std::string>;

  /// Forgets the data of the last render; keeps its memory, as one context serves many renders.
  void reset();
  /// Data looked up last (the bottom of the stack).
  void push_data(const TemplateData* node) { stack_.insert(stack_.begin(), node); }
  /// Records every name looked up in `use`; `locale` is the page's, for theme strings.
  void record_names(NameUse* use, const std::string& locale) {
    use_ = use;
    locale_ = &locale;
  }

  /// Hands kainjow a marker from `splices` instead of a large text value looked up by one of
  /// `raw_names` (names the template renders only raw); the caller applies `splices` to the output.
  void splice_raw(const std::unordered_set<std::string>* raw_names, Splices* splices) {
    raw_names_ = raw_names;
    splices_ = splices;
  }

  void push(const Data* data) override;
  void pop() override { stack_.erase(stack_.begin()); }
  const Data* get(const std::string& name) const override;
  const Data* get_partial(const std::string& name) const override;

 private:
  const Data* stand_in(const TemplateData* node) const;
  /// A text stand-in for `node` that reads `text`.
  const Data* text_stand_in(const TemplateData* node, std::string_view text) const;
  bool spliced(const std::string& name, const TemplateData& value) const {
    return splices_ && value.kind() == TemplateData::Kind::text && value.str().size() >= Splices::kMinSize &&
           raw_names_->count(name);
  }
  const TemplateData* find(const std::string& name) const;

  std::vector<const TemplateData*> stack_;  // top first, like kainjow's own context
  mutable std::deque<Data> stand_ins_;      // stable addresses for kainjow to hold
  mutable size_t used_ = 0;                 // stand_ins_[0, used_) belong to this render
  // Stand-in → the value it stands for, newest last: kainjow pushes what `get` has just returned,
  // so `push` finds it at the end.
  mutable std::vector<std::pair<const Data*, const TemplateData*>> origins_;
  // The same for the items of the lists `get` returned, pushed one by one as a section loops.
  mutable std::unordered_map<const Data*, const TemplateData*> items_;
  const std::unordered_set<std::string>* raw_names_ = nullptr;
  Splices* splices_ = nullptr;
  NameUse* use_ = nullptr;
  const std::string* locale_ = nullptr;
};

}  // namespace manualgen
