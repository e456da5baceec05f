#include "generator/load/web_address.h"

#include <catch2/catch.hpp>

using namespace manualgen;

namespace {
std::string problem_of(const std::string& url, bool allow_http = false) {
  std::string problem;
  return web_address_host(url, allow_http, problem) ? "" : problem;
}
}  // namespace

TEST_CASE("a web address is one libcurl parses, with a host and no credentials", "[web_address]") {
  std::string problem;
  CHECK(web_address_host("https://Servicedesk.Example.nl/path?q=1#x", false, problem) == "servicedesk.example.nl");
  CHECK(problem_of("https://desk.example.nl/\r\nSet-Cookie: a=b") == "bad path");
  CHECK(problem_of("https://desk.example.nl/a b") == "bad path");
  CHECK(problem_of("https://desk example.nl/") == "bad hostname");
  CHECK(problem_of("https:///path") == "no host name after the //");
  CHECK(problem_of("https://user:secret@desk.example.nl/") == "it holds a user name or password");
  CHECK(problem_of("http://desk.example.nl/") == "not an https address");
  CHECK(problem_of("http://desk.example.nl/", true) == "");
  CHECK(problem_of("javascript:alert(1)", true) == "not an http or https address");
}

TEST_CASE("an e-mail address is one plain address, nothing that adds to the mail", "[web_address]") {
  CHECK(is_email_address("servicedesk@example.nl"));
  CHECK(is_email_address("ict.servicedesk+ssp@gemeente-a.example.nl"));
  CHECK(is_email_address("o'brien@example.nl"));
  CHECK_FALSE(is_email_address("desk@example.nl?bcc=stranger@evil.example&subject=x"));
  CHECK_FALSE(is_email_address("desk@example.nl?subject=x"));
  CHECK_FALSE(is_email_address("desk%3Fbcc=x@example.nl"));
  CHECK_FALSE(is_email_address("desk @example.nl"));
  CHECK_FALSE(is_email_address("desk@example.nl\r\nBcc: x@y.nl"));
  CHECK_FALSE(is_email_address("a@b@example.nl"));
  CHECK_FALSE(is_email_address("\"><script>@x.nl"));
  CHECK_FALSE(is_email_address("desk@localhost"));
  CHECK_FALSE(is_email_address("desk@-example.nl"));
  CHECK_FALSE(is_email_address("desk@example.123"));
  CHECK_FALSE(is_email_address(".desk@example.nl"));
  CHECK_FALSE(is_email_address("de..sk@example.nl"));
  CHECK(is_domain_name("images.example.nl"));
  CHECK_FALSE(is_domain_name("images.example.nl/"));
}
