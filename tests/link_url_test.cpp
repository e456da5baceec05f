#include <catch2/catch.hpp>

#include "checks/links/link_url.h"

using namespace manualgen;

namespace {

std::string resolved(const std::string& base, const std::string& reference) {
  auto url = Url::parse(base);
  REQUIRE(url);
  auto out = url->resolve(reference);
  return out ? out->str() : "(invalid)";
}

}  // namespace

TEST_CASE("url: relative references resolve as RFC 3986 says", "[links][url]") {
  const std::string page = "https://site.invalid/org/nl/reset/index.html";
  CHECK(resolved(page, "../register/index.html#x") == "https://site.invalid/org/nl/register/index.html#x");
  CHECK(resolved(page, "../../../assets/style.css") == "https://site.invalid/assets/style.css");
  CHECK(resolved(page, "/abs/y.html?q=1#f") == "https://site.invalid/abs/y.html?q=1#f");
  CHECK(resolved(page, "//cdn.example.com/a.js") == "https://cdn.example.com/a.js");
  CHECK(resolved(page, "?q=2") == "https://site.invalid/org/nl/reset/index.html?q=2");
  // libcurl 7.88 drops the last segment for these two; the wrapper keeps it.
  CHECK(resolved(page, "#verify-sms") == "https://site.invalid/org/nl/reset/index.html#verify-sms");
  CHECK(resolved(page, "") == "https://site.invalid/org/nl/reset/index.html");
  CHECK(resolved(page + "#old", "#new") == "https://site.invalid/org/nl/reset/index.html#new");
}

TEST_CASE("url: one spelling per URL", "[links][url]") {
  auto url = Url::parse("HTTPS://AKA.MS:443/sspr#Frag");
  REQUIRE(url);
  CHECK(url->str() == "https://aka.ms/sspr#Frag");
  CHECK(url->without_fragment() == "https://aka.ms/sspr");
  CHECK(url->host() == "aka.ms");
  CHECK(url->scheme() == "https");
  CHECK(Url::parse("https://example.com/a/./b/../c")->str() == "https://example.com/a/c");
  CHECK(Url::parse("http://[::1]:8080/x")->host() == "[::1]");
}

TEST_CASE("url: paths and fragments come out decoded", "[links][url]") {
  auto url = Url::parse("https://site.invalid/org/caf%C3%A9.html#stap%201");
  REQUIRE(url);
  CHECK(url->path() == "/org/café.html");
  CHECK(url->fragment() == "stap 1");
  CHECK(encode_path("org/nl/café 1.html") == "org/nl/caf%C3%A9%201.html");
}

TEST_CASE("url: what is not a URL says why", "[links][url]") {
  std::string error;
  CHECK_FALSE(Url::parse("not a url", &error));
  CHECK_FALSE(error.empty());
  CHECK(url_host("nonsense") == "");
}

TEST_CASE("url: references are cleaned and their scheme read as browsers do", "[links][url]") {
  CHECK(clean_reference("  ../a.html\n") == "../a.html");
  CHECK(clean_reference("a\tb\nc.html") == "abc.html");
  CHECK(reference_scheme("mailto:a@b.nl") == "mailto");
  CHECK(reference_scheme("TEL:0505550177") == "tel");
  CHECK(reference_scheme("https://aka.ms/sspr") == "https");
  CHECK(reference_scheme("../a:b.html") == "");
  CHECK(reference_scheme("#x") == "");
}
