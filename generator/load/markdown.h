#pragma once
// Markdown to HTML with cmark-gfm in safe mode, with `{{placeholders}}` replaced inside the parsed
// tree: a value becomes a text node (escaped on output), never Markdown or HTML source.

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// What a placeholder stands for.
struct Expansion {
  enum class Kind { text, link, ui_label, sequence, condition, error };
  Kind kind = Kind::text;
  std::vector<Expansion> parts;  // for sequences
  std::string text;              // shown text (all kinds but error)
  std::string url;               // for links
  std::string error;             // for errors: what is wrong
  std::string hint;              // for errors: how to fix it
  bool holds = true;             // for conditions: whether the text up to `{{end}}` is shown
  bool confirmed = true;         // for labels: seen on the real screen (else inferred or translated)

  static Expansion plain(std::string t) { return {Kind::text, {}, std::move(t), {}, {}, {}}; }
  static Expansion link(std::string t, std::string u) { return {Kind::link, {}, std::move(t), std::move(u), {}, {}}; }
  /// A label of Microsoft's screen; one not confirmed from a screenshot is marked as such.
  static Expansion ui(std::string t, bool confirmed = true) {
    Expansion e{Kind::ui_label, {}, std::move(t), {}, {}, {}};
    e.confirmed = confirmed;
    return e;
  }
  static Expansion sequence(std::vector<Expansion> p) { return {Kind::sequence, std::move(p), {}, {}, {}, {}}; }
  static Expansion fail(std::string e, std::string h = {}) {
    return {Kind::error, {}, {}, {}, std::move(e), std::move(h)};
  }
  /// The answer to `{{if TERMS}}`: the text up to its `{{end}}` is kept or dropped.
  static Expansion condition(bool holds) { return {Kind::condition, {}, {}, {}, {}, {}, holds}; }
};

/// `{{if TERMS}}` opens a conditional span, `{{end}}` closes it: the terms (the placeholder's name
/// without "if ") go to the resolver, which answers with `Expansion::condition`.
bool is_condition_placeholder(std::string_view name);
std::string_view condition_terms(std::string_view name);

/// Given the name inside `{{…}}`, returns its expansion.
using PlaceholderResolver = std::function<Expansion(const std::string& name)>;

/// Markdown parsed and rendered once, with a marker where each placeholder stood. Filling in
/// one organisation's values is then a string substitution, not a new parse: prose is shared
/// by hundreds of organisations. The values are escaped here exactly as cmark escapes text.
class PreparedMarkdown {
 public:
  /// Parses and renders `markdown`; `origin` is the file and line of its first line, so problems
  /// (and later, unknown placeholders) point into the source file.
  static PreparedMarkdown prepare(const std::string& markdown, const Location& origin, Diagnostics& diags);

  /// The HTML with every placeholder replaced by what `resolve` gives.
  std::string fill(const PlaceholderResolver& resolve, Diagnostics& diags) const;

  /// Names inside the {{…}} of the source, in order (conditions and their `end` included).
  std::vector<std::string> placeholders() const;

  /// Whether a placeholder's name starts with one of `prefixes` ("step.").
  bool has_placeholder_starting(std::initializer_list<std::string_view> prefixes) const;

  /// An image of the text: its address as written and the line of the file it is on.
  struct Image {
    std::string url;
    int line = 0;
  };
  const std::vector<Image>& images() const { return images_; }

 private:
  struct Slot {
    /// Where the placeholder stands: in text, in a link's text (no link may go there), or in an
    /// attribute (an image's alt text, a title), where it becomes plain text.
    enum class Where { text, link, attribute };
    std::string name;
    int line = 0;
    Where in = Where::text;
    size_t end = 0;               // for `{{if …}}`: the slot of its `{{end}}`
    const void* block = nullptr;  // the paragraph, item, heading or cell it is in
  };
  /// `literal` (a text node's or a title) with each `{{name}}` replaced by the marker of a new
  /// slot at `where`, the node's line.
  std::string mark_placeholders(const std::string& literal, const Location& where, Slot::Where in, Diagnostics& diags);
  /// Cuts `rendered` at the slots' markers into `pieces_`, the slots in the order of their markers.
  void cut(const std::string& rendered);
  /// Pairs every `{{if …}}` with its `{{end}}` in the same paragraph, heading or table cell (each
  /// slot's `block`), so dropping a span never cuts an element in two. After `cut`: the pairs are
  /// slots in the order of the HTML.
  void pair_conditions(Diagnostics& diags);

  std::vector<std::string> pieces_;  // HTML around the slots: pieces_.size() == slots_.size() + 1
  std::vector<Slot> slots_;
  std::vector<Image> images_;
  std::string file_;
};

/// Prepares and fills in one go (for one-off texts and tests).
std::string render_markdown(const std::string& markdown, const PlaceholderResolver& resolve, const Location& origin,
                            Diagnostics& diags);

/// A heading that is a child of the document itself, as cmark-gfm parses it.
struct MarkdownHeading {
  int line = 0;   // 1-based; cmark ends a line at "\n", "\r\n" or a lone "\r"
  int level = 0;  // 1 to 6
};

/// The headings at the top level of `markdown`, parsed as `PreparedMarkdown::prepare` parses it: a
/// `#` line inside a code block, an HTML block, a list item or a quote is not one of them. Setext
/// headings (text underlined with === or ---) are, at the line of their text.
std::vector<MarkdownHeading> top_level_headings(std::string_view markdown);

}  // namespace manualgen
