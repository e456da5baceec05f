#include <catch2/catch.hpp>

#include "checks/links/link_extractor.h"
#include "test_support.h"

using namespace manualgen;

namespace {

const char* const kPage = R"(<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="nl">
<head>
<meta charset="utf-8" />
<link rel="stylesheet" href="../../assets/style.css" />
<script src="app.js"></script>
</head>
<body>
<main id="main">
<h2 id="verify-sms">Via sms</h2>
<p>Zie <a href="#verify-sms">hier</a> of
<a href="../register/index.html#add-method">registreren</a>.</p>
<p><a
   href=" https://AKA.MS/sspr ">portaal</a> <a href="mailto:ict@example.nl">mail</a></p>
<img src="img/stap%201.png" alt="" /><picture><source src="/logo.svg" /></picture>
<a name="oud">oud</a><a href="http://[bad">kapot</a>
</main>
</body>
</html>
)";

const LinkOccurrence& link_to(const ExtractedPage& page, const std::string& written) {
  for (const auto& link : page.links)
    if (link.written == written) return link;
  FAIL("no link " << written);
  return page.links.front();
}

}  // namespace

TEST_CASE("extractor: every kind of link, with its line", "[links][extractor]") {
  auto page = extract_links(kPage, "org/nl/reset/index.html");
  CHECK(page.parse_error.empty());
  REQUIRE(page.links.size() == 9);
  CHECK(link_to(page, "../../assets/style.css").line == 5);
  CHECK(link_to(page, "../../assets/style.css").element == "link");
  CHECK(link_to(page, "app.js").line == 6);
  CHECK(link_to(page, "#verify-sms").line == 11);
  CHECK(link_to(page, "../register/index.html#add-method").line == 12);
  // The line of the element's start, where an editor looks for it.
  CHECK(link_to(page, " https://AKA.MS/sspr ").line == 13);
  CHECK(link_to(page, "img/stap%201.png").element == "img");
  CHECK(link_to(page, "/logo.svg").element == "source");
}

TEST_CASE("extractor: links resolve against the page's place in the site", "[links][extractor]") {
  auto page = extract_links(kPage, "org/nl/reset/index.html");
  const std::string site(kSiteOrigin);
  CHECK(link_to(page, "../../assets/style.css").url == site + "/org/assets/style.css");
  CHECK(link_to(page, "#verify-sms").url == site + "/org/nl/reset/index.html#verify-sms");
  CHECK(link_to(page, "../register/index.html#add-method").url == site + "/org/nl/register/index.html#add-method");
  CHECK(link_to(page, "/logo.svg").url == site + "/logo.svg");
  CHECK(link_to(page, " https://AKA.MS/sspr ").url == "https://aka.ms/sspr");
  CHECK(link_to(page, " https://AKA.MS/sspr ").scheme == "https");
  CHECK(link_to(page, "#verify-sms").target == site + "/org/nl/reset/index.html");
  CHECK(link_to(page, "#verify-sms").fragment == "verify-sms");
  const auto& mail = link_to(page, "mailto:ict@example.nl");
  CHECK(mail.url.empty());
  CHECK(mail.scheme == "mailto");
  const auto& bad = link_to(page, "http://[bad");
  CHECK(bad.url.empty());
  CHECK_FALSE(bad.error.empty());
}

TEST_CASE("extractor: ids and named anchors are fragment targets", "[links][extractor]") {
  auto page = extract_links(kPage, "org/nl/reset/index.html");
  CHECK(page.ids.count("main"));
  CHECK(page.ids.count("verify-sms"));
  CHECK(page.ids.count("oud"));
  CHECK_FALSE(page.ids.count("add-method"));
}

TEST_CASE("extractor: one extractor for many pages resolves each page's links against that page",
          "[links][extractor]") {
  LinkExtractor extractor;
  const char* html = R"(<html><body><a href="../index.html#x">up</a><a href="#x">here</a></body></html>)";
  auto first = extractor.extract(html, "a/b.html");
  auto second = extractor.extract(html, "a/c/d.html");
  auto third = extractor.extract(html, "a/e.html");
  const std::string site(kSiteOrigin);
  CHECK(first.links[0].url == site + "/index.html#x");
  CHECK(second.links[0].url == site + "/a/index.html#x");
  CHECK(third.links[0].url == site + "/index.html#x");
  CHECK(first.links[1].url == site + "/a/b.html#x");
  CHECK(third.links[1].url == site + "/a/e.html#x");
}

TEST_CASE("extractor: <base href> changes what relative links mean", "[links][extractor]") {
  auto page = extract_links(R"(<html><head><base href="/other/" /></head><body><a href="x.html">x</a></body></html>)",
                            "a/b.html");
  REQUIRE(page.links.size() == 1);
  CHECK(page.links[0].url == std::string(kSiteOrigin) + "/other/x.html");
}

TEST_CASE("extractor: a page that is not XML says where, and keeps what came before", "[links][extractor]") {
  auto page = extract_links("<html>\n<body>\n<a href=\"a.html\">a</a>\n<p>unclosed\n</body>\n</html>\n", "x.html");
  CHECK_FALSE(page.parse_error.empty());
  CHECK(page.parse_error_line >= 4);
  REQUIRE(page.links.size() == 1);
  CHECK(page.links[0].line == 3);
}

TEST_CASE("extractor: pages are found sorted, with site-relative paths", "[links][extractor]") {
  test::TempDir dir;
  test::write_text(dir.path() / "b/index.html", "<html/>");
  test::write_text(dir.path() / "a.html", "<html/>");
  test::write_text(dir.path() / "b/style.css", "");
  CHECK(find_pages(dir.path()) == std::vector<std::string>{"a.html", "b/index.html"});
}
