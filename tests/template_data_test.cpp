// Template data: what the themes see. Views must survive the moves of building a page, owned
// text must follow its value, shared objects are looked up through, and mustache's rules for
// dotted names, lists and falsy values hold when rendered with kainjow.

#include "generator/render/template_data.h"

#include <catch2/catch.hpp>

#include "generator/core/text.h"
#include "generator/render/theme_renderer.h"
#include "test_support.h"

using namespace manualgen;
using D = TemplateData;

namespace {

// Renders `fragment` (a fragments/step template) with `data` over `base` through a real theme.
std::string render(const std::string& fragment, const D& base, const D& data) {
  test::TempDir dir;
  for (const char* name : {"layout", "index", "landing", "flow", "manual", "servicedesk", "fragments/desk"})
    test::write_text(dir.path() / "themes/test/templates" / (std::string(name) + ".mustache"), "x");
  test::write_text(dir.path() / "themes/test/templates/fragments/step.mustache", fragment);
  Diagnostics diags;
  auto theme = Theme::load(ProjectFiles(dir.path().string(), ""), "themes/test", diags);
  std::string messages;
  for (const auto& d : diags.all()) messages += format_diagnostic(d) + "\n";
  INFO(messages);
  REQUIRE(theme);
  TemplateNames names;
  return ThemeRenderer(*theme, names).fragment("step", base, data);
}

}  // namespace

TEST_CASE("template data: owned text survives moves, views read the original", "[template]") {
  std::string original = "Stap";
  D list = D::list();
  // Short strings live inside the std::string object; growing the list moves every item.
  for (int i = 0; i < 20; ++i) list.add(D::text("item " + std::to_string(i)));
  list.add(D::view(original));
  REQUIRE(list.size() == 21);
  CHECK(list[0].str() == "item 0");
  CHECK(list[19].str() == "item 19");
  CHECK(list[20].str() == "Stap");
  original[0] = 'K';  // a view is a view: it shows the change
  CHECK(list[20].str() == "Ktap");
}

TEST_CASE("template data: objects set, replace and find names, also through a shared object", "[template]") {
  D shared = D::object();
  shared.set("step", D::text("Stap"));
  D o = D::object();
  o.set("title", D::view("Eerste"));
  o.set("title", D::view("Tweede"));
  o.set("t", D::refer(shared));
  o.set("org", D::object()).set("desk", D::object()).set("phone", D::view("020 555 0100"));
  CHECK(o.size() == 3);
  CHECK(o.find("title")->str() == "Tweede");
  CHECK(o.find("missing") == nullptr);
  CHECK(o.find_path("t.step")->str() == "Stap");
  CHECK(o.find_path("org.desk.phone")->str() == "020 555 0100");
  CHECK(o.find_path("org.desk.email") == nullptr);
  CHECK(o.find_path("title.more") == nullptr);  // text has no names
  CHECK(D::optional("").kind() == D::Kind::null);
  CHECK(D::optional("x").kind() == D::Kind::text);
}

TEST_CASE("template data renders with mustache's rules", "[template]") {
  D shared = D::object();
  shared.set("note", D::text("Let op"));
  D base = D::object();
  base.set("t", D::refer(shared));
  base.set("title", D::view("from base"));
  D data = D::object();
  data.set("title", D::view("A & B"));
  data.set("html", D::view("<b>vet</b>"));
  data.set("empty", D::list());
  data.set("off", false);
  data.set("none", D());
  D& items = data.set("items", D::list());
  for (const char* n : {"een", "twee"}) items.add(D::object()).set("name", D::view(n));
  D& notes = data.set("notes", D::list());
  notes.add(D::view("n1"));
  notes.add(D::text("n2"));

  CHECK(render("{{title}}|{{{html}}}|{{t.note}}", base, data) == "A &amp; B|<b>vet</b>|Let op");
  CHECK(render("{{#items}}[{{name}} {{title}}]{{/items}}", base, data) == "[een A &amp; B][twee A &amp; B]");
  CHECK(render("{{#notes}}<{{.}}>{{/notes}}", base, data) == "<n1><n2>");
  CHECK(render("{{#empty}}E{{/empty}}{{#off}}O{{/off}}{{#none}}N{{/none}}{{^off}}not off{{/off}}", base, data) ==
        "not off");
  CHECK(render("{{#t}}{{note}}{{/t}}", base, D::object()) == "Let op");
  CHECK(render("{{title}}", base, D::object()) == "from base");
}

// Large values rendered raw are spliced in after kainjow (template_splice.h): the page must be
// byte for byte what kainjow would have made, whatever the value and the text around it hold.
TEST_CASE("template splices: large raw values land where their tags are, escaped ones are escaped", "[template]") {
  const std::string big(Splices::kMinSize * 3, 'a');
  const std::string html = "<p>" + big + " & <b>vet</b></p>\n<p>tweede regel</p>";
  D data = D::object();
  data.set("html", D::view(html));
  data.set("desk", D::view(html));
  data.set("title", D::view("Kop & <staart>"));
  D list = D::list();
  for (int i = 0; i < 3; ++i) list.add(D::object()).set("block", D::text(std::to_string(i) + big));
  data.set("parts", std::move(list));

  // Raw twice, inside a section and a list, next to escaped text, on a standalone line.
  const std::string out = render(
      "<h1>{{title}}</h1>{{{html}}}|{{&html}}\n{{#html}}[{{{html}}}]{{/html}}\n{{#parts}}<i>{{{block}}}</i>{{/parts}}\n"
      "  {{{desk}}}\n{{^html}}none{{/html}}end",
      D::object(), data);
  std::string parts;
  for (int i = 0; i < 3; ++i) parts += "<i>" + std::to_string(i) + big + "</i>";
  CHECK(out == "<h1>Kop &amp; &lt;staart&gt;</h1>" + html + "|" + html + "\n[" + html + "]\n" + parts + "\n  " + html +
                   "\nend");

  // A name the template also renders escaped is escaped there, and raw where it is raw.
  const std::string both = render("{{{html}}}|{{html}}", D::object(), data);
  CHECK(both == html + "|" + html_escape(html));
  const std::string spaced = render("{{{html}}}|{{ \thtml\t}}", D::object(), data);
  CHECK(spaced == html + "|" + html_escape(html));
}

TEST_CASE("template splices: text that looks like a marker stays as it is", "[template]") {
  const std::string big(Splices::kMinSize, 'b');
  // SUB characters and digits as a marker has them, but without this run's random number.
  const std::string forged =
      "\x1A"
      "0123456789abcdef0\x1A" +
      big +
      "\x1A"
      "0\x1A";
  D data = D::object();
  data.set("html", D::view(forged));
  data.set("qr", D::view("\x1A"
                         "1\x1A"));
  const std::string out = render("{{{qr}}}{{{html}}}{{{qr}}}", D::object(), data);
  CHECK(out == std::string("\x1A"
                           "1\x1A") +
                   forged +
                   "\x1A"
                   "1\x1A");
}

TEST_CASE("template splices: the names a template renders only raw", "[template]") {
  CHECK(raw_only_names("{{{a}}} {{& b }} {{c}} {{{ c }}} {{#a}}{{/a}} {{^b}}{{/b}} {{! d }} {{{e.f}}}") ==
        std::unordered_set<std::string>{"a", "b", "e.f"});
  // White space around a tag's contents, newlines too, as kainjow trims it: {{\ng\n}} escapes g.
  CHECK(raw_only_names("{{{g}}} {{\ng\n}} {{{\th\t}}} {{ # h }}{{ / h }} {{ &\ti }}") ==
        std::unordered_set<std::string>{"h", "i"});
  // After new delimiters the scan cannot tell tags apart: nothing is spliced.
  CHECK(raw_only_names("{{{a}}} {{=<% %>=}} <% a %>").empty());
}
