#include <catch2/catch.hpp>

#include "checks/links/link_rules.h"
#include "test_support.h"

using namespace manualgen;

namespace {

std::optional<LinkRules> load(const std::string& text, Diagnostics& diags) {
  test::TempDir dir;
  test::write_text(dir.path() / "links.json", text);
  return load_link_rules((dir.path() / "links.json").string(), "links.json", diags);
}

}  // namespace

TEST_CASE("rules: the shipped checks/links.json loads, with the aka.ms expectations", "[links][rules]") {
  Diagnostics diags;
  auto rules = load_link_rules((test::source_dir() / "checks/links.json").string(), "checks/links.json", diags);
  INFO(test::messages(diags));
  REQUIRE(rules);
  auto* sspr = rules->expectation_for("https://aka.ms/sspr");
  REQUIRE(sspr);
  CHECK(sspr->final_hosts == std::vector<std::string>{"passwordreset.microsoftonline.com"});
  CHECK(host_matches_any(rules->shortlink_hosts, "aka.ms"));
  CHECK(host_matches_any(rules->search_engine_hosts, "www.bing.com"));
  // Microsoft's hosts get fewer connections and more time between requests than the default.
  CHECK(rules->connections_for("passwordreset.microsoftonline.com") < rules->connections_per_host);
  CHECK(rules->min_interval_for("aka.ms") > rules->min_interval_ms);
}

TEST_CASE("rules: values override the defaults, per host where given", "[links][rules]") {
  Diagnostics diags;
  auto rules = load(R"({
    "user_agent": "test/1", "concurrency": 4, "per_host": { "connections": 3, "min_interval_ms": 0 },
    "timeouts": { "connect_ms": 500, "total_ms": 900 }, "retries": { "max": 0 },
    "accept": [200, "300-399"],
    "exclude": ["https://intranet.example.org/"], "exclude_hosts": ["*.corp.example"],
    "hosts": { "*.example.org": { "connections": 1, "accept": [200, 403], "method": "GET" },
               "www.example.org": { "min_interval_ms": 1000 } }
  })",
                    diags);
  INFO(test::messages(diags));
  REQUIRE(rules);
  CHECK(rules->user_agent == "test/1");
  CHECK(rules->concurrency == 4);
  CHECK(rules->total_timeout_ms == 900);
  CHECK(rules->max_retries == 0);
  CHECK(rules->backoff_ms == LinkRules{}.backoff_ms);
  CHECK(rules->accepts("aka.ms", 302));
  CHECK_FALSE(rules->accepts("aka.ms", 403));
  CHECK(rules->accepts("a.example.org", 403));
  CHECK(rules->get_first("a.example.org"));
  CHECK(rules->connections_for("a.example.org") == 1);
  CHECK(rules->connections_for("example.org") == 3);          // `*.` matches subdomains only
  CHECK(rules->min_interval_for("www.example.org") == 1000);  // the exact pattern wins
  CHECK(rules->excluded("https://intranet.example.org/x", "intranet.example.org"));
  CHECK(rules->excluded("https://wiki.corp.example/", "wiki.corp.example"));
  CHECK_FALSE(rules->excluded("https://example.org/", "example.org"));
}

TEST_CASE("rules: mistakes are reported with their line", "[links][rules]") {
  Diagnostics diags;
  auto rules = load(R"({
  "concurrency": 0,
  "acept": [200],
  "hosts": { "AKA.MS": { "method": "POST" } },
  "expectations": [ { "url": "https://aka.ms/sspr" } ],
  "accept": ["2xx"]
})",
                    diags);
  CHECK_FALSE(rules);
  std::string all = test::messages(diags);
  CHECK_THAT(all, Catch::Contains("links.json:2:"));
  CHECK_THAT(all, Catch::Contains("outside the allowed range 1 to 256"));
  CHECK_THAT(all, Catch::Contains("did you mean \"accept\"?"));
  CHECK_THAT(all, Catch::Contains("\"AKA.MS\" is not a host name pattern"));
  CHECK_THAT(all, Catch::Contains("\"method\" must be \"HEAD\" or \"GET\""));
  CHECK_THAT(all, Catch::Contains("missing required field \"final_host\""));
  CHECK_THAT(all, Catch::Contains("not a status code or range: \"2xx\""));
}
