#include "generator/core/json_file.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;

TEST_CASE("JSON nested deeper than the limit is refused where it gets too deep", "[json_file]") {
  // 50,000 levels in 100 KB: valid JSON, which the recursive source map scan and nlohmann's dump
  // would follow to the end of the stack.
  for (const std::string& deep : {std::string(50000, '[') + std::string(50000, ']'),
                                  "{\n\"a\": " + std::string(50000, '[') + std::string(50000, ']') + "}"}) {
    Diagnostics diags;
    CHECK_FALSE(parse_json_file(deep, "locales/en/ui.json", diags));
    INFO(test::messages(diags));
    REQUIRE(diags.error_count() == 1);
    const Diagnostic& d = diags.all()[0];
    CHECK(d.message == "the JSON is nested deeper than 64 levels");
    CHECK(d.where.line == (deep[0] == '{' ? 2 : 1));
    CHECK(d.where.column > 1);
  }
  Diagnostics shallow;
  CHECK(parse_json_file(std::string(64, '[') + std::string(64, ']'), "f.json", shallow));
  CHECK_FALSE(shallow.has_errors());
  Diagnostics in_string;  // brackets inside strings do not count
  CHECK(parse_json_file("[\"" + std::string(100, '[') + "\"]", "f.json", in_string));
  CHECK_FALSE(in_string.has_errors());
}

TEST_CASE("a member name given twice is an error at both places", "[json_file]") {
  Diagnostics diags;
  auto file = parse_json_file("{\n  \"name\": \"Gemeente A\",\n  \"id\": \"a\",\n  \"name\": \"Gemeente B\"\n}",
                              "site-config.json", diags);
  REQUIRE(file);  // the rest of the file is still checked
  INFO(test::messages(diags));
  REQUIRE(diags.error_count() == 1);
  CHECK(format_diagnostic(diags.all()[0]) ==
        "site-config.json:4:11: error: \"name\" is given twice in this object, first at line 2, column 11 (at /name)\n"
        "  hint: remove one of the two: only this last one would count, and the first would silently do nothing");
  CHECK(file->value.at("name") == "Gemeente B");

  Diagnostics escaped;  // "\u0069d" is "id" to the parser, and so to the check
  parse_json_file("{\"id\": 1, \"\\u0069d\": 2}", "f.json", escaped);
  CHECK(escaped.error_count() == 1);
  Diagnostics apart;  // the same name in two objects is fine
  parse_json_file("{\"a\": {\"id\": 1}, \"b\": {\"id\": 2}, \"c\": [{\"id\": 3}, {\"id\": 4}]}", "f.json", apart);
  CHECK_FALSE(apart.has_errors());
}

TEST_CASE("the parse keeps nlohmann's values and types", "[json_file]") {
  const std::string text = R"({"a": [1, -2, 3.5, 18446744073709551615, true, null, "x\u00e9"], "b": {}, "c": []})";
  Diagnostics diags;
  auto file = parse_json_file(text, "f.json", diags);
  REQUIRE(file);
  CHECK(file->value == nlohmann::json::parse(text));
  CHECK(file->value.dump() == nlohmann::json::parse(text).dump());
  CHECK(file->value["a"][3].is_number_unsigned());
}

TEST_CASE("a JSON file over its limit is refused before it is read", "[json_file]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "a.json", "{\"a\": \"" + std::string(100, 'x') + "\"}");
  Diagnostics diags;
  CHECK_FALSE(read_json_file((tmp.path() / "a.json").string(), "a.json", diags, 64));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].message == "the file is larger than 64 bytes");
  Diagnostics fine;
  CHECK(read_json_file((tmp.path() / "a.json").string(), "a.json", fine));
}
