#include "generator/load/theme.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {
// What loading the repository's default theme reports with template `name` ("layout") as `text`.
Diagnostics load_with(const std::string& name, const std::string& text) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "themes");
  fs::copy(test::source_dir() / "themes/default", dir.path() / "themes/test", fs::copy_options::recursive);
  test::write_text(dir.path() / "themes/test/templates" / (name + ".mustache"), text);
  Diagnostics diags;
  Theme::load(ProjectFiles(dir.path().string(), ""), "themes/test", diags);
  return diags;
}
}  // namespace

TEST_CASE("the default theme outputs raw only the generator's own HTML", "[theme]") {
  Diagnostics diags;
  CHECK(Theme::load(ProjectFiles(test::source_dir().string(), ""), "themes/default", diags));
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("raw output of a value from the config or the content is refused at its line", "[theme]") {
  Diagnostics diags = load_with("landing",
                                "<h1>{{title}}</h1>\n{{#org}}<p>{{{name}}}</p>\n{{#notes}}{{& . }}{{/notes}}"
                                "{{/org}}\n{{{org.desk.url}}} {{{flow.intro}}} {{! {{{org.name}}} }}\n");
  INFO(test::messages(diags));
  REQUIRE(diags.error_count() == 3);
  const std::string first = format_diagnostic(diags.all()[0]);
  CHECK(first.substr(first.find("themes/test/")) ==
        "themes/test/templates/landing.mustache:2: error: the template outputs {{{name}}} unescaped, a value that can "
        "come from the config or the content\n  hint: write {{name}}, which escapes it; only the generator's own "
        "HTML may be output raw: \"content\", \"block\", \"desk\", \"html\", \"intro\", \"summary\", \"qr\" and "
        "\"screens\"");
  CHECK(diags.all()[1].message.find("{{& . }}") != std::string::npos);
  CHECK(diags.all()[1].where.line == 3);
  CHECK(diags.all()[2].message.find("{{{org.desk.url}}}") != std::string::npos);
}

TEST_CASE("a template keeps the {{ }} delimiters its checks read", "[theme]") {
  Diagnostics diags = load_with("layout", "{{=<% %>=}}<title><%&page_title%></title>\n");
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].message == "the template changes its tag delimiters with {{=…=}}");
}
