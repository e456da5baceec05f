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

TEST_CASE("escaped member names are the names the parser reads", "[source_map]") {
  SourceMap map("f.json", "{\n\"a\\u00e9\\/b\": 1,\n\"\\ud83d\\ude00\": 2}");
  CHECK(map.at("/a\xC3\xA9~1b").line == 2);
  CHECK(map.at("/\xF0\x9F\x98\x80").line == 3);
}

TEST_CASE("a member name given twice is found with both places, not the values inside it", "[source_map]") {
  SourceMap map("f.json", "{\n \"a\": {\"x\": 1},\n \"b\": 2,\n \"a\": {\"x\": 3}\n}");
  auto duplicates = map.duplicates();
  REQUIRE(duplicates.size() == 1);
  CHECK(duplicates[0].key == "a");
  CHECK(duplicates[0].first.line == 2);
  CHECK(duplicates[0].second.line == 4);
  CHECK(duplicates[0].second.pointer == "/a");
  CHECK(map.at("/a/x").line == 4);  // the last one, as the parser keeps it
  CHECK(SourceMap("g.json", "{\"a\": [1, {\"a\": 2}]}").duplicates().empty());
}

TEST_CASE("text nested deeper than the limit ends the scan instead of the stack", "[source_map]") {
  // 50,000 levels (100 KB) overflowed the stack of the recursive scan before it had a limit.
  const std::string deep = std::string(50000, '[') + std::string(50000, ']');
  SourceMap map("f.json", deep);
  CHECK(map.at("/0/0").line == 1);
  CHECK(map.duplicates().empty());
}
