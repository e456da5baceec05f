#pragma once
// Markdown to HTML with cmark-gfm in safe mode, with `{{placeholders}}` replaced inside the parsed
// tree: a value becomes a text node (escaped on output), never Markdown or HTML source.

#include <functional>
#include <string>
#include <vector>

#include "generator/diagnostics.h"

namespace manualgen {

/// What a placeholder stands for.
struct Expansion {
  enum class Kind { text, link, ui_label, sequence, error };
  Kind kind = Kind::text;
  std::vector<Expansion> parts;  // for sequences
  std::string text;   // shown text (all kinds but error)
  std::string url;    // for links
  std::string error;  // for errors: what is wrong
  std::string hint;   // for errors: how to fix it

  static Expansion plain(std::string t) { return {Kind::text, {}, std::move(t), {}, {}, {}}; }
  static Expansion link(std::string t, std::string u) { return {Kind::link, {}, std::move(t), std::move(u), {}, {}}; }
  static Expansion ui(std::string t) { return {Kind::ui_label, {}, std::move(t), {}, {}, {}}; }
  static Expansion sequence(std::vector<Expansion> p) { return {Kind::sequence, std::move(p), {}, {}, {}, {}}; }
  static Expansion fail(std::string e, std::string h = {}) { return {Kind::error, {}, {}, {}, std::move(e), std::move(h)}; }
};

/// Given the name inside `{{…}}`, returns its expansion.
using PlaceholderResolver = std::function<Expansion(const std::string& name)>;

/// Renders `markdown` to an HTML fragment. `origin` is the file and line of the Markdown's first
/// line, so problems point into the source file.
std::string render_markdown(const std::string& markdown, const PlaceholderResolver& resolve, const Location& origin,
                            Diagnostics& diags);

}  // namespace manualgen
