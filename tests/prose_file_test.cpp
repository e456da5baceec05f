#include "generator/load/prose_file.h"

#include <catch2/catch.hpp>

using namespace manualgen;

TEST_CASE("prose is cut into sections with their lines", "[prose]") {
  Diagnostics diags;
  auto file = parse_prose(
      "# Wachtwoord vergeten\n"
      "\n"
      "Intro.\n"
      "\n"
      "## [open-portal] Open de pagina\n"
      "Ga naar {{link.reset}}.\n"
      "\n"
      "```\n"
      "## not a heading in a code block\n"
      "```\n"
      "### [verify-sms] Via sms\n"
      "Body.\n"
      "### [cookies]\n"
      "Tip.\n",
      "content/nl/reset.md", diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(file.title == "Wachtwoord vergeten");
  CHECK(file.intro.find("Intro.") != std::string::npos);
  REQUIRE(file.sections.size() == 3);
  CHECK(file.sections[0].id == "open-portal");
  CHECK(file.sections[0].title == "Open de pagina");
  CHECK(file.sections[0].heading.line == 5);
  CHECK(file.sections[0].body_line == 6);
  CHECK(file.sections[0].body.find("## not a heading") != std::string::npos);
  CHECK(file.sections[1].level == 3);
  CHECK(file.sections[2].id == "cookies");
  CHECK(file.sections[2].title.empty());
}

TEST_CASE("prose mistakes are reported with their line", "[prose]") {
  Diagnostics diags;
  parse_prose("# T\n## Zonder id\n## [a] A\n## [a] Again\n", "x.md", diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.all()[0].where.line == 2);
  CHECK(diags.all()[0].message == "heading without a step id");
  CHECK(diags.all()[1].where.line == 4);
  CHECK(diags.all()[1].message.find("appears twice") != std::string::npos);
}

TEST_CASE("invalid UTF-8 and empty prose files are errors", "[prose]") {
  Diagnostics diags;
  parse_prose("# T\n\nbad \xC3\x28 byte\n", "x.md", diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].where.line == 3);
  Diagnostics empty;
  parse_prose("  \n", "y.md", empty);
  CHECK(empty.error_count() == 1);
}

TEST_CASE("a ``` block holding a ~~~ line and a heading-looking line is one section's body", "[prose]") {
  Diagnostics diags;
  auto file = parse_prose(
      "# T\n"
      "## [a] A\n"
      "```\n"
      "~~~\n"
      "## heading-looking\n"
      "```\n"
      "After the block.\n"
      "## [b] B\n",
      "x.md", diags);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(file.sections.size() == 2);
  CHECK(file.sections[0].body == "```\n~~~\n## heading-looking\n```\nAfter the block.\n");
  CHECK(file.sections[1].id == "b");
  CHECK(file.sections[1].heading.line == 8);
}

TEST_CASE("a ~~~ block holding a ``` line and headings is one section's body", "[prose]") {
  Diagnostics diags;
  auto file = parse_prose(
      "# T\n"
      "## [a] A\n"
      "~~~\n"
      "```\n"
      "# not a second title\n"
      "### [not-a-choice]\n"
      "~~~\n"
      "## [b] B\n",
      "x.md", diags);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(file.sections.size() == 2);
  CHECK(file.sections[0].body == "~~~\n```\n# not a second title\n### [not-a-choice]\n~~~\n");
  CHECK(file.sections[1].heading.line == 8);
}

TEST_CASE("an indented code block holding a heading-looking line stays in the body", "[prose]") {
  Diagnostics diags;
  auto file = parse_prose("# T\n## [a] A\nText.\n\n    ## x\n    # y\n\n## [b] B\n", "x.md", diags);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(file.sections.size() == 2);
  CHECK(file.sections[0].body == "Text.\n\n    ## x\n    # y\n\n");
  CHECK(file.sections[0].html.fill([](const std::string&) { return Expansion::plain(""); }, diags) ==
        "<p>Text.</p>\n<pre><code>## x\n# y\n</code></pre>\n");
}

TEST_CASE("lines are numbered as cmark numbers them: CRLF and a lone CR each end one", "[prose]") {
  Diagnostics diags;
  auto file = parse_prose("\xEF\xBB\xBF# T\r\n\r\n## [a] A\rbody\r\n## [b] Missing\n## [b] B\n", "x.md", diags);
  CHECK(file.title == "T");
  REQUIRE(file.sections.size() == 2);
  CHECK(file.sections[0].heading.line == 3);
  CHECK(file.sections[0].body == "body\n");
  CHECK(file.sections[1].heading.line == 5);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].where.line == 6);
  CHECK(diags.all()[0].message == "section [b] appears twice");
}
