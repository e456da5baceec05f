#include "generator/load/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

#include "generator/core/text.h"

namespace manualgen {

namespace {

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

// A document parsed with the extensions every Markdown text of the project uses. The parser is
// kept: rendering needs its extensions.
struct ParsedMarkdown {
  std::unique_ptr<cmark_parser, ParserDeleter> parser;
  std::unique_ptr<cmark_node, NodeDeleter> doc;
};

ParsedMarkdown parse_markdown(std::string_view markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  ParsedMarkdown out;
  out.parser.reset(cmark_parser_new(CMARK_OPT_DEFAULT));
  // tagfilter only acts when raw HTML is on, which it is not; it is attached as a second guard.
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(out.parser.get(), ext);
  cmark_parser_feed(out.parser.get(), markdown.data(), markdown.size());
  out.doc.reset(cmark_parser_finish(out.parser.get()));
  return out;
}

std::string render_html(const ParsedMarkdown& md) {
  char* html = cmark_render_html(md.doc.get(), CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(md.parser.get()));
  std::string rendered(html);
  cmark_get_default_mem_allocator()->free(html);
  return rendered;
}

bool inside(cmark_node* n, cmark_node_type type) {
  for (cmark_node* p = cmark_node_parent(n); p; p = cmark_node_parent(p))
    if (cmark_node_get_type(p) == type) return true;
  return false;
}

// The paragraph, heading or table cell a text node is part of.
const void* block_of(cmark_node* n) {
  for (cmark_node* p = cmark_node_parent(n); p; p = cmark_node_parent(p))
    if ((cmark_node_get_type(p) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_INLINE) return p;
  return nullptr;
}

int line_of(cmark_node* n) {
  for (; n; n = cmark_node_parent(n))
    if (int line = cmark_node_get_start_line(n); line > 0) return line;
  return 1;
}

// Placeholders become private-use characters around their index: cmark passes them through
// untouched, and they cannot be typed by accident (prose containing them is rejected).
const std::string kOpen = "\xEE\x80\x80";   // U+E000
const std::string kClose = "\xEE\x80\x81";  // U+E001

std::string marker(size_t index) { return kOpen + std::to_string(index) + kClose; }

// An expansion as plain text, for an attribute (an image's alt text, a title): markup there
// would end the attribute's element, or show as text.
void append_text(const Expansion& e, std::string& out) {
  if (e.kind == Expansion::Kind::sequence)
    for (const auto& part : e.parts) append_text(part, out);
  else if (e.kind != Expansion::Kind::error)
    out += html_escape(e.text);
}

// The HTML for one expansion, escaped as cmark escapes text and attributes.
// `where` makes the location only when there is a problem to report: a Location copies the file
// name, and this runs for every placeholder of every manual.
template <typename Where>
void append_html(const Expansion& e, bool in_link, const std::string& name, const Where& where, Diagnostics& diags,
                 std::string& out) {
  switch (e.kind) {
    case Expansion::Kind::error:
    case Expansion::Kind::condition:
      break;
    case Expansion::Kind::text:
      out += html_escape(e.text);
      break;
    case Expansion::Kind::sequence:
      for (const auto& part : e.parts) append_html(part, in_link, name, where, diags, out);
      break;
    case Expansion::Kind::link:
      if (in_link) {
        diags.error(where(), "{{" + name + "}} makes a link, but it is inside a link already",
                    "take it out of the [ ](…) link");
        out += html_escape(e.text);
        break;
      }
      // A link that shows its own address is marked, so print CSS does not print it twice.
      out += std::string("<a ") + (e.text == e.url ? "class=\"url\" " : "") + "href=\"" + html_escape(e.url) + "\">" +
             html_escape(e.text) + "</a>";
      break;
    case Expansion::Kind::ui_label:
      out +=
          (e.confirmed ? "<span class=\"ui\">" : "<span class=\"ui unconfirmed\">") + html_escape(e.text) + "</span>";
      break;
  }
}

// What of a parsed tree holds placeholders, and its images. A placeholder in a link's address is
// reported: it would not be replaced there.
struct TreeScan {
  std::vector<cmark_node*> texts;   // text nodes holding a `{{`
  std::vector<cmark_node*> titled;  // links and images whose title holds a `{{`
  std::vector<cmark_node*> images;
};

template <typename At>
TreeScan scan_tree(cmark_node* doc, const At& at, Diagnostics& diags) {
  TreeScan out;
  auto has_placeholder = [](const char* s) { return s && std::string_view(s).find("{{") != std::string_view::npos; };
  cmark_iter* iter = cmark_iter_new(doc);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER) continue;
    const cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_TEXT && has_placeholder(cmark_node_get_literal(n))) out.texts.push_back(n);
    if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE) continue;
    if (type == CMARK_NODE_IMAGE) out.images.push_back(n);
    if (has_placeholder(cmark_node_get_title(n))) out.titled.push_back(n);
    std::string url = cmark_node_get_url(n);
    if (url.find("{{") != std::string::npos || url.find("%7B%7B") != std::string::npos)
      diags.error(at(line_of(n)), "a placeholder inside a link address is not replaced",
                  "write the placeholder on its own, e.g. {{link.reset}}, which makes the link");
  }
  cmark_iter_free(iter);
  return out;
}

// Where each of `count` markers is in `rendered`, npos for one cmark dropped.
std::vector<size_t> marker_offsets(const std::string& rendered, size_t count) {
  std::vector<size_t> offsets;
  for (size_t i = 0; i < count; ++i) offsets.push_back(rendered.find(marker(i)));
  return offsets;
}

// Removes each `<tag>` (or `<tag …>` when `attributes`) that holds only white space up to its
// `</tag>`, with the line break after it.
void remove_empty_elements(std::string& html, std::string_view tag, bool attributes) {
  const std::string open = "<" + std::string(tag);
  const std::string close = "</" + std::string(tag) + ">";
  std::string out;
  out.reserve(html.size());
  size_t pos = 0;
  for (size_t at; (at = html.find(open, pos)) != std::string::npos;) {
    const size_t name_end = at + open.size();
    size_t after = std::string::npos;
    if (name_end < html.size() && (html[name_end] == '>' || (attributes && html[name_end] == ' ')))
      if (size_t gt = html.find('>', name_end); gt != std::string::npos)
        if (size_t body = html.find_first_not_of(" \t\n\r\f\v", gt + 1);
            body != std::string::npos && html.compare(body, close.size(), close) == 0)
          after = body + close.size() + (html.compare(body + close.size(), 1, "\n") == 0 ? 1 : 0);
    if (after == std::string::npos) {
      out.append(html, pos, name_end - pos);
      pos = name_end;
    } else {
      out.append(html, pos, at - pos);
      pos = after;
    }
  }
  html = std::move(out.append(html, pos));
}

// A dropped span that was a whole paragraph or list item leaves its element empty; such elements
// go, and so does a list left without items. Only run when something was dropped. (std::regex did
// this first, and was 4% of a 500-organisation build.)
void remove_emptied_blocks(std::string& html) {
  remove_empty_elements(html, "p", false);
  remove_empty_elements(html, "li", false);
  remove_empty_elements(html, "ul", true);
  remove_empty_elements(html, "ol", true);
}

}  // namespace

bool is_condition_placeholder(std::string_view name) { return name.substr(0, 3) == "if "; }

std::string_view condition_terms(std::string_view name) {
  name.remove_prefix(std::min<size_t>(3, name.size()));
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  return name;
}

PreparedMarkdown PreparedMarkdown::prepare(const std::string& markdown, const Location& origin, Diagnostics& diags) {
  PreparedMarkdown out;
  out.file_ = origin.file;
  auto at = [&](int line) { return Location{origin.file, origin.line + line - 1}; };
  if (size_t bad = std::min(markdown.find(kOpen), markdown.find(kClose)); bad != std::string::npos) {
    diags.error(at(line_of_offset(markdown, bad)), "the text contains a private-use character (U+E000/U+E001)",
                "remove it; it is invisible in editors");
    return out;
  }
  ParsedMarkdown md = parse_markdown(markdown);
  cmark_consolidate_text_nodes(md.doc.get());
  TreeScan scan = scan_tree(md.doc.get(), at, diags);
  for (cmark_node* node : scan.texts) {
    // An image's text is its alt attribute.
    Slot::Where where = inside(node, CMARK_NODE_IMAGE)  ? Slot::Where::attribute
                        : inside(node, CMARK_NODE_LINK) ? Slot::Where::link
                                                        : Slot::Where::text;
    std::string literal = cmark_node_get_literal(node);
    const size_t first = out.slots_.size();
    cmark_node_set_literal(node, out.mark_placeholders(literal, at(line_of(node)), where, diags).c_str());
    for (size_t i = first; i < out.slots_.size(); ++i) out.slots_[i].block = block_of(node);
  }
  for (cmark_node* node : scan.titled) {
    std::string title = cmark_node_get_title(node);
    const size_t first = out.slots_.size();
    cmark_node_set_title(node, out.mark_placeholders(title, at(line_of(node)), Slot::Where::attribute, diags).c_str());
    for (size_t i = first; i < out.slots_.size(); ++i) out.slots_[i].block = block_of(node);
  }
  for (cmark_node* node : scan.images) out.images_.push_back({cmark_node_get_url(node), at(line_of(node)).line});
  out.cut(render_html(md));
  out.pair_conditions(diags);
  return out;
}

void PreparedMarkdown::cut(const std::string& rendered) {
  // The markers in the order they appear: a title's comes before its link's text in the HTML.
  const std::vector<size_t> offsets = marker_offsets(rendered, slots_.size());
  std::vector<size_t> order;
  for (size_t i = 0; i < slots_.size(); ++i)
    if (offsets[i] != std::string::npos) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return offsets[a] < offsets[b]; });
  std::vector<Slot> slots;
  size_t pos = 0;
  for (size_t i : order) {
    pieces_.push_back(rendered.substr(pos, offsets[i] - pos));
    pos = offsets[i] + marker(i).size();
    slots.push_back(std::move(slots_[i]));
  }
  pieces_.push_back(rendered.substr(pos));
  slots_ = std::move(slots);
}

void PreparedMarkdown::pair_conditions(Diagnostics& diags) {
  std::vector<size_t> open;
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    if (is_condition_placeholder(slot.name)) {
      if (condition_terms(slot.name).empty())
        diags.error({file_, slot.line}, "{{if}} without a condition", "write the terms, e.g. {{if method:sms}}");
      open.push_back(i);
    } else if (slot.name == "end") {
      if (open.empty()) {
        diags.error({file_, slot.line}, "{{end}} without an {{if …}} before it", "remove it or add the {{if …}}");
        continue;
      }
      Slot& start = slots_[open.back()];
      if (start.block != slot.block)
        diags.error({file_, start.line}, "{{" + start.name + "}} ends in another paragraph or list item",
                    "put {{end}} in the same paragraph or list item; to leave out a whole item, start it "
                    "with {{if …}} and end it with {{end}}");
      start.end = i;
      open.pop_back();
    }
  }
  for (size_t i : open)
    diags.error({file_, slots_[i].line}, "{{" + slots_[i].name + "}} is never closed", "close it with {{end}}");
}

std::string PreparedMarkdown::mark_placeholders(const std::string& literal, const Location& where, Slot::Where in,
                                                Diagnostics& diags) {
  std::string replaced;
  size_t pos = 0;
  while (pos < literal.size()) {
    size_t open = literal.find("{{", pos);
    if (open == std::string::npos) {
      replaced += literal.substr(pos);
      break;
    }
    size_t close = literal.find("}}", open + 2);
    if (close == std::string::npos) {
      diags.error(where, "unclosed placeholder \"" + literal.substr(open, 30) + "\"", "close it with }}");
      replaced += literal.substr(pos);
      break;
    }
    replaced += literal.substr(pos, open - pos) + marker(slots_.size());
    slots_.push_back({literal.substr(open + 2, close - open - 2), where.line, in});
    pos = close + 2;
  }
  return replaced;
}

std::string PreparedMarkdown::fill(const PlaceholderResolver& resolve, Diagnostics& diags) const {
  std::string out;
  size_t size = 0;
  for (const auto& piece : pieces_) size += piece.size();
  out.reserve(size + 64 * slots_.size());
  if (!pieces_.empty()) out += pieces_[0];
  bool dropped = false;
  for (size_t i = 0; i < slots_.size(); ++i) {
    const Slot& slot = slots_[i];
    auto where = [&] { return Location{file_, slot.line}; };
    if (slot.name == "end") {
      out += pieces_[i + 1];
      continue;
    }
    Expansion e = resolve(slot.name);
    if (e.kind == Expansion::Kind::error)
      diags.error(where(), e.error, e.hint);
    else if (slot.in == Slot::Where::attribute)
      append_text(e, out);
    else
      append_html(e, slot.in == Slot::Where::link, slot.name, where, diags, out);
    // A span whose terms do not hold is skipped whole: its placeholders are not even resolved, so
    // a label in it is neither looked up nor highlighted.
    if (e.kind == Expansion::Kind::condition && !e.holds && slot.end > i) {
      i = slot.end;
      dropped = true;
    }
    out += pieces_[i + 1];
  }
  if (dropped) remove_emptied_blocks(out);
  return out;
}

std::vector<std::string> PreparedMarkdown::placeholders() const {
  std::vector<std::string> out;
  for (const auto& s : slots_) out.push_back(s.name);
  return out;
}

bool PreparedMarkdown::has_placeholder_starting(std::initializer_list<std::string_view> prefixes) const {
  for (const auto& s : slots_)
    for (std::string_view prefix : prefixes)
      if (std::string_view(s.name).substr(0, prefix.size()) == prefix) return true;
  return false;
}

std::string render_markdown(const std::string& markdown, const PlaceholderResolver& resolve, const Location& origin,
                            Diagnostics& diags) {
  return PreparedMarkdown::prepare(markdown, origin, diags).fill(resolve, diags);
}

std::vector<MarkdownHeading> top_level_headings(std::string_view markdown) {
  ParsedMarkdown md = parse_markdown(markdown);
  std::vector<MarkdownHeading> out;
  for (cmark_node* n = cmark_node_first_child(md.doc.get()); n; n = cmark_node_next(n))
    if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
      out.push_back({cmark_node_get_start_line(n), cmark_node_get_heading_level(n)});
  return out;
}

}  // namespace manualgen
