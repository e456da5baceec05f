#include "generator/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "generator/text.h"

namespace manualgen {

namespace {

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

cmark_parser* new_parser() {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  // tagfilter only acts when raw HTML is on, which it is not; it is attached as a second guard.
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser, ext);
  return parser;
}

cmark_node* text_node(const std::string& literal) {
  cmark_node* n = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(n, literal.c_str());
  return n;
}

bool inside_link(cmark_node* n) {
  for (cmark_node* p = cmark_node_parent(n); p; p = cmark_node_parent(p))
    if (cmark_node_get_type(p) == CMARK_NODE_LINK) return true;
  return false;
}

int line_of(cmark_node* n) {
  for (; n; n = cmark_node_parent(n))
    if (int line = cmark_node_get_start_line(n); line > 0) return line;
  return 1;
}

// Appends the nodes for `e` to `out`.
void append_nodes(const Expansion& e, bool in_link, const std::string& name, const Location& where, Diagnostics& diags,
                  std::vector<cmark_node*>& out) {
  switch (e.kind) {
    case Expansion::Kind::error:
      break;
    case Expansion::Kind::text:
      out.push_back(text_node(e.text));
      break;
    case Expansion::Kind::sequence:
      for (const auto& part : e.parts) append_nodes(part, in_link, name, where, diags, out);
      break;
    case Expansion::Kind::link: {
      if (in_link) {
        diags.error(where, "{{" + name + "}} makes a link, but it is inside a link already",
                    "take it out of the [ ](…) link");
        out.push_back(text_node(e.text));
        break;
      }
      if (e.text == e.url) {
        // A link that shows its own address: marked so print CSS does not print the address twice.
        // The URL comes from urls.json or the config, both limited to https:, and is escaped here.
        cmark_node* span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
        cmark_node_set_on_enter(span, ("<a class=\"url\" href=\"" + html_escape(e.url) + "\">").c_str());
        cmark_node_set_on_exit(span, "</a>");
        cmark_node_append_child(span, text_node(e.text));
        out.push_back(span);
        break;
      }
      cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
      cmark_node_set_url(link, e.url.c_str());
      cmark_node_append_child(link, text_node(e.text));
      out.push_back(link);
      break;
    }
    case Expansion::Kind::ui_label: {
      // A custom inline keeps the label's text a text node (escaped) inside a styling span.
      cmark_node* span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
      cmark_node_set_on_enter(span, "<span class=\"ui\">");
      cmark_node_set_on_exit(span, "</span>");
      cmark_node_append_child(span, text_node(e.text));
      out.push_back(span);
      break;
    }
  }
}

// Replaces `node` (a text node containing "{{") by text, link and label nodes.
void expand(cmark_node* node, const PlaceholderResolver& resolve, const Location& origin, Diagnostics& diags) {
  std::string literal = cmark_node_get_literal(node);
  Location where = origin;
  where.line = origin.line + line_of(node) - 1;
  where.column = 0;

  std::vector<cmark_node*> replacement;
  size_t pos = 0;
  while (pos < literal.size()) {
    size_t open = literal.find("{{", pos);
    if (open == std::string::npos) {
      replacement.push_back(text_node(literal.substr(pos)));
      break;
    }
    if (open > pos) replacement.push_back(text_node(literal.substr(pos, open - pos)));
    size_t close = literal.find("}}", open + 2);
    if (close == std::string::npos) {
      diags.error(where, "unclosed placeholder \"" + literal.substr(open, 30) + "\"", "close it with }}");
      replacement.push_back(text_node(literal.substr(open)));
      break;
    }
    std::string name = literal.substr(open + 2, close - open - 2);
    Expansion e = resolve(name);
    if (e.kind == Expansion::Kind::error)
      diags.error(where, e.error, e.hint);
    else
      append_nodes(e, inside_link(node), name, where, diags, replacement);
    pos = close + 2;
  }
  for (cmark_node* r : replacement) cmark_node_insert_before(node, r);
  cmark_node_free(node);  // also unlinks it
}

}  // namespace

std::string render_markdown(const std::string& markdown, const PlaceholderResolver& resolve, const Location& origin,
                            Diagnostics& diags) {
  std::unique_ptr<cmark_parser, ParserDeleter> parser(new_parser());
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
  cmark_consolidate_text_nodes(doc.get());

  std::vector<cmark_node*> with_placeholders;
  cmark_iter* iter = cmark_iter_new(doc.get());
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER) continue;
    if (cmark_node_get_type(n) == CMARK_NODE_TEXT && std::string(cmark_node_get_literal(n)).find("{{") != std::string::npos)
      with_placeholders.push_back(n);
    if (cmark_node_get_type(n) == CMARK_NODE_LINK || cmark_node_get_type(n) == CMARK_NODE_IMAGE) {
      std::string url = cmark_node_get_url(n);
      if (url.find("{{") != std::string::npos || url.find("%7B%7B") != std::string::npos) {
        Location where = origin;
        where.line = origin.line + line_of(n) - 1;
        diags.error(where, "a placeholder inside a link address is not replaced",
                    "write the placeholder on its own, e.g. {{link.reset}}, which makes the link");
      }
    }
  }
  cmark_iter_free(iter);
  for (cmark_node* n : with_placeholders) expand(n, resolve, origin, diags);

  char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html);
  cmark_get_default_mem_allocator()->free(html);
  return out;
}

}  // namespace manualgen
