#include "generator/load/contrast.h"

#include <catch2/catch.hpp>
#include <regex>

#include "generator/load/site_config.h"
#include "test_support.h"

using namespace manualgen;

namespace {

Colour c(const char* hex) {
  auto colour = parse_colour(hex);
  REQUIRE(colour);
  return *colour;
}

// The first #rrggbb in `text` after `after`.
Colour colour_in(const std::string& text, const std::string& after) {
  std::smatch m;
  std::string rest = text.substr(text.find(after));
  REQUIRE(std::regex_search(rest, m, std::regex("#[0-9a-f]{6}")));
  return c(m.str().c_str());
}

std::vector<ContrastProblem> about(const std::vector<ContrastProblem>& problems, const std::string& field) {
  std::vector<ContrastProblem> out;
  for (const auto& p : problems)
    if (p.field == field) out.push_back(p);
  return out;
}

}  // namespace

TEST_CASE("colours parse in both hex forms", "[contrast]") {
  CHECK(c("#fff") == c("#FFFFFF"));
  CHECK(to_hex(c("#0B5394")) == "#0b5394");
  CHECK(to_hex(c("#abc")) == "#aabbcc");
  for (const char* bad : {"", "fff", "#ffff", "#gggggg", "#12345", "#1234567"}) CHECK_FALSE(parse_colour(bad));
}

TEST_CASE("contrast ratios match the WCAG 2.1 formula", "[contrast]") {
  CHECK(relative_luminance(c("#000000")) == 0.0);
  CHECK(relative_luminance(c("#ffffff")) == Approx(1.0));
  CHECK(format_ratio(contrast_ratio(c("#000000"), c("#ffffff"))) == "21.00:1");
  CHECK(format_ratio(contrast_ratio(c("#777777"), c("#ffffff"))) == "4.48:1");
  CHECK(format_ratio(contrast_ratio(c("#ffffff"), c("#777777"))) == "4.48:1");
  CHECK(format_ratio(contrast_ratio(c("#767676"), c("#ffffff"))) == "4.54:1");
  CHECK(format_ratio(contrast_ratio(c("#0b5394"), c("#0b5394"))) == "1.00:1");
  // Known pairs from WebAIM's contrast checker.
  CHECK(contrast_ratio(c("#0000ff"), c("#ffffff")) == Approx(8.59).epsilon(0.001));
  CHECK(contrast_ratio(c("#ff0000"), c("#ffffff")) == Approx(3.998).epsilon(0.001));
}

TEST_CASE("a failing ratio never prints as the threshold", "[contrast]") {
  CHECK(format_ratio(4.497) == "4.49:1");
  CHECK(format_ratio(4.5) == "4.50:1");
  CHECK(format_ratio(4.504) == "4.50:1");
  CHECK(format_ratio(3.0) == "3.00:1");
}

TEST_CASE("the nearest passing colour keeps the hue and changes little", "[contrast]") {
  const Colour white = c("#ffffff");
  auto grey = nearest_passing(c("#777777"), {white});
  REQUIRE(grey);
  CHECK(contrast_ratio(*grey, white) >= 4.5);
  CHECK(contrast_ratio(*grey, white) < 4.7);
  CHECK(grey->rgb[0] == grey->rgb[1]);  // still grey
  CHECK(grey->rgb[1] == grey->rgb[2]);

  auto blue = nearest_passing(c("#4a90e2"), {white});  // 3.3:1, a common "brand blue"
  REQUIRE(blue);
  CHECK(contrast_ratio(*blue, white) >= 4.5);
  CHECK(contrast_ratio(*blue, white) < 4.8);
  CHECK(blue->rgb[2] > blue->rgb[1]);  // still blue
  CHECK(blue->rgb[1] > blue->rgb[0]);

  // On black, the fix is lighter.
  auto on_black = nearest_passing(c("#333399"), {c("#000000")});
  REQUIRE(on_black);
  CHECK(relative_luminance(*on_black) > relative_luminance(c("#333399")));

  // A colour that already passes is its own answer; no colour has 5:1 against both white and black.
  CHECK(nearest_passing(c("#0b5394"), {white}) == c("#0b5394"));
  CHECK_FALSE(nearest_passing(c("#777777"), {white, c("#000000")}, 5.0));
}

TEST_CASE("the example brands pass the brand check", "[contrast]") {
  auto config = test::example_config();
  for (const auto& org : config["organisations"]) {
    const auto& b = org["brand"];
    INFO(org["id"]);
    CHECK(check_brand_contrast(b["primary"].get<std::string>(), b["on_primary"].get<std::string>(),
                               b["accent"].get<std::string>())
              .empty());
  }
  CHECK(check_brand_contrast("#1f4e8c", "#ffffff", "#e8eef7").empty());  // the defaults
}

TEST_CASE("a brand with unreadable colours is reported with the ratio and a fix", "[contrast]") {
  SECTION("white text on light grey: one problem, since links are white-page text too") {
    auto problems = check_brand_contrast("#777777", "#ffffff", "#ffffff");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "primary");
    CHECK(problems[0].message.find("\"#ffffff\"") != std::string::npos);
    CHECK(problems[0].message.find("\"#777777\"") != std::string::npos);
    CHECK(problems[0].message.find("4.48:1") != std::string::npos);
    Colour fix = colour_in(problems[0].hint, "nearest primary");
    CHECK(contrast_ratio(fix, c("#ffffff")) >= 4.5);
  }
  SECTION("yellow with black text reads, but yellow links on white do not") {
    auto problems = about(check_brand_contrast("#ffd700", "#000000", "#ffffff"), "primary");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("links in primary \"#ffd700\" on the white page") != std::string::npos);
    Colour fix = colour_in(problems[0].hint, "nearest primary");
    CHECK(contrast_ratio(fix, c("#ffffff")) >= 4.5);
    CHECK(contrast_ratio(fix, c("#000000")) >= 4.5);
    // With a tinted accent as well, no yellow reads against all three.
    auto none = about(check_brand_contrast("#ffd700", "#000000", "#fffbe6"), "primary");
    REQUIRE(none.size() == 1);
    CHECK(none[0].hint.find("no primary of this hue passes") != std::string::npos);
  }
  SECTION("black text on a dark brand: the hint offers white text first") {
    auto problems = check_brand_contrast("#5b2a86", "#000000", "#f1eaf8");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("2.12:1") != std::string::npos);
    CHECK(problems[0].hint.rfind("keep the primary and use on_primary \"#ffffff\" (9.90:1)", 0) == 0);
  }
  SECTION("links on a tinted accent: the fix for primary covers every pair") {
    auto problems = check_brand_contrast("#777777", "#ffffff", "#f1f3f5");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("on accent \"#f1f3f5\" (tips)") != std::string::npos);
    Colour fix = colour_in(problems[0].hint, "nearest primary");
    CHECK(contrast_ratio(fix, c("#f1f3f5")) >= 4.5);
  }
  SECTION("a dark accent under body text") {
    auto problems = check_brand_contrast("#0b5394", "#ffffff", "#556677");
    REQUIRE(problems.size() == 1);  // links on it are the accent's problem too, not the primary's
    CHECK(problems[0].field == "accent");
    CHECK(problems[0].field == "accent");
    Colour fix = colour_in(problems[0].hint, "nearest accent");
    CHECK(contrast_ratio(fix, c("#1b1b1b")) >= 4.5);
    CHECK(contrast_ratio(fix, c("#0b5394")) >= 4.5);
  }
}

TEST_CASE("the config loader fails on low contrast with the JSON pointer", "[contrast][site_config]") {
  auto config = test::example_config();
  config["organisations"][1]["brand"]["primary"] = "#777777";
  test::ProjectFixture fixture(config);
  Diagnostics diags;
  auto loaded = load_site_config(fixture.config_path(), diags);
  REQUIRE(diags.error_count() == 1);
  std::string text = format_diagnostic(diags.all()[0]);
  INFO(text);
  CHECK(text.find("site-config.json:") != std::string::npos);
  CHECK(text.find("(at /organisations/1/brand/primary)") != std::string::npos);
  CHECK(text.find("4.48:1") != std::string::npos);
  CHECK(text.find("hint: the nearest primary that passes is \"#") != std::string::npos);

  std::string output;
  CHECK(test::run_manualgen("build --config " + fixture.config_path() + " --out " + (fixture.dir() / "public").string(),
                            output) == 2);
  CHECK(output.find("contrast ratio of 4.48:1") != std::string::npos);
}
