#pragma once
// The data a template is rendered with: names → text, flags, lists and objects, looked up the way
// mustache looks them up. Text is mostly a view of a string that outlives the render (the resolved
// manual, the organisation, the theme strings). nlohmann::json, used before, copied every such
// string and kept each object's names in a std::map: building and freeing that data was a fifth
// of a build. Objects here are short lists of (name, value), searched in order.

#include <string>
#include <string_view>
#include <vector>

namespace manualgen {

class TemplateData {
 public:
  enum class Kind : unsigned char { null, flag, text, list, object };

  /// Null: renders as nothing and as a false section.
  TemplateData() = default;
  TemplateData(bool flag) : kind_(Kind::flag), flag_(flag) {}  // NOLINT: a flag reads as a flag
  /// Text that refers to `text`, which must outlive every render of this data.
  static TemplateData view(std::string_view text);
  /// Text that refers to `text`, or null when it is empty (so that {{#name}} is false).
  static TemplateData optional(std::string_view text);
  /// Text this data owns: for strings made for the page (URLs, anchors, numbers).
  static TemplateData text(std::string text);
  static TemplateData list();
  static TemplateData object();
  /// Stands for `other` (an object shared by many pages, like the theme strings), which must
  /// outlive every render of this data.
  static TemplateData refer(const TemplateData& other);

  /// Sets `name` (which must outlive this data: a literal, or a key owned elsewhere) on an object;
  /// returns the value set, valid until the next set or add on this object.
  TemplateData& set(std::string_view name, TemplateData value);
  /// Appends to a list; returns the new item, valid until the next add on this list.
  TemplateData& add(TemplateData value);

  Kind kind() const { return target().kind_; }
  bool flag() const { return target().flag_; }
  std::string_view str() const;
  /// The items of a list, the values of an object.
  size_t size() const { return target().children_.size(); }
  const TemplateData& operator[](size_t i) const;
  /// The value of `name` in an object; nullptr when absent or when this is no object.
  const TemplateData* find(std::string_view name) const;
  /// Follows dotted names, "org.desk.phone"; nullptr when any part is absent.
  const TemplateData* find_path(std::string_view path) const;

 private:
  struct Child;
  const TemplateData& target() const { return target_ ? *target_ : *this; }

  Kind kind_ = Kind::null;
  bool flag_ = false;
  std::string_view view_;
  std::string owned_;
  std::vector<Child> children_;  // list items (no name) or object fields
  const TemplateData* target_ = nullptr;
};

struct TemplateData::Child {
  std::string_view name;
  TemplateData value;
};

inline const TemplateData& TemplateData::operator[](size_t i) const { return target().children_[i].value; }

}  // namespace manualgen
