#include "generator/load/markdown.h"

#include <catch2/catch.hpp>

using namespace manualgen;

namespace {
Expansion resolve(const std::string& name) {
  if (name == "org.name") return Expansion::plain("<script>alert(1)</script> & \"Co\"");
  if (name == "link.reset") return Expansion::link("https://aka.ms/sspr", "https://aka.ms/sspr");
  if (name == "flow.register") return Expansion::link("Eerst registreren", "../register/index.html");
  if (name == "ui.next") return Expansion::ui("Volgende");
  if (name == "desk.contact")
    return Expansion::sequence({Expansion::link("020 555", "tel:020555"), Expansion::plain(" (ma–vr)")});
  return Expansion::fail("unknown placeholder {{" + name + "}}", "see content/README.md");
}
}  // namespace

TEST_CASE("placeholders become text, links and labels inside the parsed tree", "[markdown]") {
  Diagnostics diags;
  std::string html = render_markdown("Ga naar {{link.reset}} en klik op {{ui.next}}. Zie {{flow.register}}.\n", resolve,
                                     {"x.md", 10}, diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(html ==
        "<p>Ga naar <a class=\"url\" href=\"https://aka.ms/sspr\">https://aka.ms/sspr</a> en klik op "
        "<span class=\"ui\">Volgende</span>. Zie <a href=\"../register/index.html\">Eerst registreren</a>.</p>\n");
}

TEST_CASE("a value can never inject markup", "[markdown]") {
  Diagnostics diags;
  std::string html = render_markdown("Welkom bij **{{org.name}}**\n", resolve, {"x.md", 1}, diags);
  CHECK(html == "<p>Welkom bij <strong>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;</strong></p>\n");
}

TEST_CASE("raw HTML and javascript links in prose are not rendered", "[markdown]") {
  Diagnostics diags;
  std::string html =
      render_markdown("<img src=x onerror=alert(1)> [x](javascript:alert(1))\n", resolve, {"x.md", 1}, diags);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
}

TEST_CASE("sequences expand to several nodes", "[markdown]") {
  Diagnostics diags;
  std::string html = render_markdown("Bel {{desk.contact}}.\n", resolve, {"x.md", 1}, diags);
  CHECK(html == "<p>Bel <a href=\"tel:020555\">020 555</a> (ma–vr).</p>\n");
}

TEST_CASE("placeholders with underscores and inside emphasis survive cmark's text splitting", "[markdown]") {
  Diagnostics diags;
  auto r = [](const std::string& name) {
    return name == "a_b" ? Expansion::plain("ok") : Expansion::fail("unexpected {{" + name + "}}");
  };
  std::string html = render_markdown("x {{a_b}} *{{a_b}}*\n", r, {"x.md", 1}, diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(html == "<p>x ok <em>ok</em></p>\n");
}

TEST_CASE("an unknown placeholder is reported at its line in the source file", "[markdown]") {
  Diagnostics diags;
  render_markdown("first\n\nsecond {{org.nmae}}\n", resolve, {"content/nl/reset.md", 20}, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].where.file == "content/nl/reset.md");
  CHECK(diags.all()[0].where.line == 22);
  CHECK(diags.all()[0].message == "unknown placeholder {{org.nmae}}");
}

TEST_CASE("an unclosed placeholder and a placeholder in a link address are errors", "[markdown]") {
  Diagnostics diags;
  render_markdown("text {{org.name\n", resolve, {"x.md", 1}, diags);
  CHECK(diags.error_count() == 1);
  Diagnostics in_url;
  render_markdown("[here]({{link.reset}})\n", resolve, {"x.md", 1}, in_url);
  CHECK(in_url.error_count() == 1);
}

TEST_CASE("code spans keep placeholders literally", "[markdown]") {
  Diagnostics diags;
  std::string html = render_markdown("write `{{ui.next}}`\n", resolve, {"x.md", 1}, diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(html == "<p>write <code>{{ui.next}}</code></p>\n");
}

TEST_CASE("top-level headings are found in cmark's tree, not in code, lists or quotes", "[markdown]") {
  auto headings = top_level_headings(
      "# T\n"
      "```\n"
      "## in a code block\n"
      "```\n"
      "- item\n"
      "  ## in a list item\n"
      "> ## in a quote\n"
      "## [a] A\r"  // a lone CR ends a line for cmark
      "### b\r\n"
      "####### seven is no heading\n");
  std::vector<std::pair<int, int>> found;
  for (const auto& h : headings) found.emplace_back(h.line, h.level);
  CHECK(found == std::vector<std::pair<int, int>>{{1, 1}, {8, 2}, {9, 3}});
}

TEST_CASE("placeholders in an image's alt text and in titles become plain text", "[markdown]") {
  Diagnostics diags;
  std::string html = render_markdown(
      "![Klik op {{ui.next}} en {{link.reset}}](stap.png \"{{ui.next}} – {{org.name}}\") "
      "[bij **{{ui.next}}**](https://example.nl/ \"{{ui.next}}\")\n",
      resolve, {"x.md", 1}, diags);
  REQUIRE_FALSE(diags.has_errors());
  // Markup in an attribute would end the element (pages stop being well-formed) or show as text.
  CHECK(html ==
        "<p><img src=\"stap.png\" alt=\"Klik op Volgende en https://aka.ms/sspr\" title=\"Volgende – "
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;\" /> <a href=\"https://example.nl/\" "
        "title=\"Volgende\">bij <strong><span class=\"ui\">Volgende</span></strong></a></p>\n");
}

TEST_CASE("the images of a text are kept with their lines", "[markdown]") {
  Diagnostics diags;
  auto md = PreparedMarkdown::prepare("text\n\n![a](https://tracker.example/p.png)\n\n![b](local.png)\n", {"x.md", 10},
                                      diags);
  REQUIRE(md.images().size() == 2);
  CHECK(md.images()[0].url == "https://tracker.example/p.png");
  CHECK(md.images()[0].line == 12);
  CHECK(md.images()[1].url == "local.png");
  CHECK(md.images()[1].line == 14);
}

namespace {
// `{{if yes}}` holds, `{{if no}}` does not.
Expansion conditional(const std::string& name) {
  if (is_condition_placeholder(name)) return Expansion::condition(condition_terms(name) == "yes");
  return resolve(name);
}
}  // namespace

TEST_CASE("a conditional span keeps or drops a sentence inside a paragraph", "[markdown]") {
  Diagnostics diags;
  std::string html =
      render_markdown("Een. {{if yes}}Twee {{ui.next}}. {{end}}{{if no}}Drie {{ui.unknown}}. {{end}}Vier.\n",
                      conditional, {"x.md", 1}, diags);
  REQUIRE_FALSE(diags.has_errors());  // the dropped span's placeholders are not resolved
  CHECK(html == "<p>Een. Twee <span class=\"ui\">Volgende</span>. Vier.</p>\n");
}

TEST_CASE("a conditional span that is a whole list item or paragraph drops the element", "[markdown]") {
  Diagnostics diags;
  std::string html =
      render_markdown("- {{if no}}weg{{end}}\n- blijft\n\n{{if no}}Hele alinea.{{end}}\n\n1. {{if no}}een{{end}}\n",
                      conditional, {"x.md", 1}, diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(html == "<ul>\n<li>blijft</li>\n</ul>\n");
}

TEST_CASE("conditional spans nest, and must close in their own paragraph", "[markdown]") {
  Diagnostics diags;
  std::string html = render_markdown("A {{if yes}}B {{if no}}C {{end}}D {{end}}E\n", conditional, {"x.md", 1}, diags);
  CHECK(html == "<p>A B D E</p>\n");
  render_markdown("{{if yes}}open\n\nnext{{end}}\n", conditional, {"x.md", 5}, diags);
  render_markdown("{{if yes}}never closed\n", conditional, {"x.md", 9}, diags);
  render_markdown("stray{{end}}\n", conditional, {"x.md", 12}, diags);
  REQUIRE(diags.all().size() == 3);
  CHECK(diags.all()[0].message == "{{if yes}} ends in another paragraph or list item");
  CHECK(diags.all()[0].where.line == 5);
  CHECK(diags.all()[1].message == "{{if yes}} is never closed");
  CHECK(diags.all()[2].message == "{{end}} without an {{if …}} before it");
}
