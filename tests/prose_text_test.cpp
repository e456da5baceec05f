// What check flows reads of a text: the prose as one reader gets it, cut into clauses.

#include "checks/flows/prose_text.h"

#include <catch2/catch.hpp>

using namespace manualgen;

TEST_CASE("reader_text leaves out the spans not shown, keeps their line breaks and drops every marker",
          "[prose_text]") {
  const std::string text =
      "Eerst.{{if required:1}} Eén.{{end}}{{if required:2}} Twee.{{end}}\n"
      "- {{if lockout}}Slot na {{policy.lockout-threshold}}\npogingen.{{end}}\nDaarna.";
  REQUIRE(span_conditions(text) == std::vector<std::string_view>{"required:1", "required:2", "lockout"});
  CHECK(reader_text(text, {true, false, true}) ==
        "Eerst. Eén.\n- Slot na {{policy.lockout-threshold}}\npogingen.\nDaarna.");
  CHECK(reader_text(text, {false, true, false}) == "Eerst. Twee.\n- \n\nDaarna.");
}

TEST_CASE("reader_text: a span inside a span left out is left out too", "[prose_text]") {
  const std::string text = "A{{if unlock}} B{{if lockout}} C{{end}} D{{end}} E";
  CHECK(reader_text(text, {true, true}) == "A B C D E");
  CHECK(reader_text(text, {true, false}) == "A B D E");
  CHECK(reader_text(text, {false, true}) == "A E");
}
