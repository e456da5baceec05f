#pragma once
// Large values put into a rendered template after kainjow is done with it. kainjow copies a value
// into the data it renders, then into its line buffer, then into the output: for a page's content
// or a step's HTML — the bulk of every page, nested three levels deep in a manual — those copies
// were a tenth of a build. A value rendered raw ({{{name}}}, {{&name}}) is the same bytes wherever
// it lands, so kainjow gets a short marker instead, and `Splices::apply` replaces each marker with
// its value in one pass over the output.

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace manualgen {

/// The names `source` renders only raw: in {{{name}}} or {{&name}} tags and never in an escaping
/// {{name}} tag (sections do not render the value, so they do not count). Empty when the template
/// changes its delimiters ({{=<% %>=}}), which this scan does not follow.
std::unordered_set<std::string> raw_only_names(std::string_view source);

class Splices {
 public:
  /// Values shorter than this are rendered as usual: a marker costs about as much as copying them.
  static constexpr size_t kMinSize = 256;

  /// A marker for `value`, which must outlive `apply`. The marker holds a number chosen at random
  /// when the program starts, so text from the project cannot pass for one.
  std::string marker(std::string_view value);
  /// `rendered` with each marker replaced by its value; forgets the values.
  std::string apply(std::string rendered);
  bool empty() const { return values_.empty(); }
  void clear() { values_.clear(); }

 private:
  std::vector<std::string_view> values_;
};

}  // namespace manualgen
