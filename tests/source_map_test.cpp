#include "generator/core/source_map.h"

#include <catch2/catch.hpp>

using manualgen::SourceMap;

TEST_CASE("source map gives the line and column of values by JSON pointer", "[source_map]") {
  const std::string text =
      "{\n"
      "  \"site\": { \"title\": \"x\" },\n"
      "  \"organisations\": [\n"
      "    { \"id\": \"a\" },\n"
      "    {\n"
      "      \"id\": \"b/c\",\n"
      "      \"a~b\": [1, 2]\n"
      "    }\n"
      "  ]\n"
      "}\n";
  SourceMap map("site-config.json", text);
  CHECK(map.at("/site/title").line == 2);
  CHECK(map.at("/site/title").column == 22);
  CHECK(map.at("/organisations/0/id").line == 4);
  CHECK(map.at("/organisations/1").line == 5);
  CHECK(map.at("/organisations/1/id").line == 6);
  CHECK(map.at("/organisations/1/a~0b/1").line == 7);
  CHECK(map.at("/organisations/1/a~0b/1").column == 18);
}

TEST_CASE("a missing member is located at its nearest existing parent", "[source_map]") {
  SourceMap map("f.json", "{\n \"a\": {\n  \"b\": 1\n }\n}");
  auto where = map.at("/a/missing");
  CHECK(where.line == 2);
  CHECK(where.pointer == "/a/missing");
  CHECK(where.file == "f.json");
}

TEST_CASE("strings with escaped quotes and brackets do not confuse the scan", "[source_map]") {
  SourceMap map("f.json", "{\"a\": \"x\\\"}]{[\",\n\"b\": 2}");
  CHECK(map.at("/b").line == 2);
}
