#include "generator/load/logo.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;

namespace {
const std::string kOpen = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n";

// The message about `body` inside an <svg>, "" when the logo passes.
std::string refused(const std::string& body) {
  auto problem = check_logo(kOpen + body + "\n</svg>\n", ".svg");
  return problem ? problem->message : "";
}
}  // namespace

TEST_CASE("the repository's logos and plain drawing pass", "[logo]") {
  for (const char* name : {"lindewijk", "noorderlicht", "rivierenland"}) {
    INFO(name);
    CHECK_FALSE(
        check_logo(test::read_text(test::source_dir() / "assets/logos" / (std::string(name) + ".svg")), ".svg"));
  }
  CHECK(refused("<defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient></defs>"
                "<rect fill=\"url(#g)\" style=\"fill: url( '#g' )\"/><use href=\"#g\"/><use xlink:href=\" #g\"/>"
                "<style>rect { fill: url(#g) }</style><!-- a comment --><title>Logo</title>") == "");
}

TEST_CASE("an SVG logo that could run script or load from elsewhere is refused, naming the element", "[logo]") {
  CHECK(refused("<script>alert(1)</script>") == "the logo has a <script> element");
  CHECK(refused("<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\"/></foreignObject>") ==
        "the logo has a <foreignObject> element");
  CHECK(refused("<html:script xmlns:html=\"http://www.w3.org/1999/xhtml\"/>") ==
        "the logo has a <html:script> element");
  CHECK(refused("<rect onclick=\"alert(1)\"/>") ==
        "the logo has an event handler <rect onclick=\"…\">, which runs script");
  CHECK(refused("<g ONLOAD=\"x\"/>").find("event handler") != std::string::npos);
  CHECK(refused("<use href=\"javascript:alert(1)\"/>") ==
        "the logo's <use href=\"…\"> leads outside the logo (a javascript: link, which runs script)");
  CHECK(refused("<use xlink:href=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\"/>").find("a data: address") !=
        std::string::npos);
  CHECK(refused("<use href=\"other.svg#a\"/>") ==
        "the logo's <use href=\"…\"> leads outside the logo (\"other.svg#a\")");
  CHECK(refused("<rect fill=\"url(https://tracker.example/p.svg#a)\"/>") ==
        "the logo's <rect fill=\"…\"> loads something with url() from elsewhere");
  CHECK(refused("<style>@import 'https://x.example/a.css';</style>") ==
        "the logo's <style> imports a style sheet with @import");
  CHECK(refused("<style><![CDATA[rect { background: URL(//x.example/p.png) }]]></style>") ==
        "the logo's <style> loads something with url() from elsewhere");
  CHECK(refused("<rect style=\"fill: u\\72l(//x.example/p)\"/>").find("backslash") != std::string::npos);
  CHECK(refused("<image href=\"#a\"/>") == "the logo has a <image> element");
  CHECK(refused("<animate attributeName=\"href\" to=\"javascript:alert(1)\"/>") == "the logo has a <animate> element");
}

TEST_CASE("an SVG logo's problem is located in its file", "[logo]") {
  auto problem = check_logo(kOpen + "<g>\n  <script/>\n</g></svg>", ".svg");
  REQUIRE(problem);
  CHECK(problem->line == 3);
  CHECK(problem->column == 3);
  CHECK_FALSE(problem->hint.empty());
}

TEST_CASE("what is not an SVG document is refused as one", "[logo]") {
  CHECK(check_logo("<html><script/></html>", ".svg")->message == "the root element is <html>, not <svg>");
  CHECK(check_logo("<svg><rect></svg>", ".svg")->message.find("not well-formed XML") != std::string::npos);
  CHECK(check_logo("<?xml-stylesheet href=\"https://x.example/a.css\"?><svg/>", ".svg")->message ==
        "the logo has a processing instruction <?xml-stylesheet?>");
  CHECK(
      check_logo("<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;\">]><svg>&x;</svg>", ".svg")->message.find("DOCTYPE") !=
      std::string::npos);
  CHECK(check_logo("<svg/><svg/>", ".svg")->message == "the logo has a second root element <svg>");
  CHECK(check_logo("\x89PNG\r\n\x1a\n....", ".svg")->message == "the file is a PNG image, not an SVG");
  CHECK(check_logo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg/>", ".svg") == std::nullopt);
}

TEST_CASE("a raster logo's bytes are what its extension says", "[logo]") {
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest";
  CHECK_FALSE(check_logo(png, ".png"));
  CHECK_FALSE(check_logo("\xFF\xD8\xFF\xE0rest", ".jpg"));
  CHECK_FALSE(check_logo("\xFF\xD8\xFF\xE0rest", ".jpeg"));
  CHECK_FALSE(check_logo("GIF89a...", ".gif"));
  CHECK_FALSE(check_logo(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16), ".webp"));
  CHECK(check_logo(png, ".jpg")->message == "the file is a PNG image, not a JPEG image as its extension says");
  CHECK(check_logo("<svg/>", ".png")->message == "the file is not a PNG image, as its extension says it is");
}
