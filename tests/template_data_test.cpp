// Template data: what the themes see. Views must survive the moves of building a page, owned
// text must follow its value, shared objects are looked up through, and mustache's rules for
// dotted names, lists and falsy values hold when rendered with kainjow.

#include "generator/render/template_data.h"

#include <catch2/catch.hpp>

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
