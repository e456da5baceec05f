#include <catch2/catch.hpp>

#include "checks/links/link_verdict.h"

using namespace manualgen;

namespace {

FetchResult chain(std::initializer_list<std::pair<const char*, long>> hops) {
  FetchResult r;
  for (const auto& [url, status] : hops) r.chain.push_back(Hop{url, "HEAD", status, "", 1});
  r.url = r.chain.front().url;
  return r;
}

LinkRules aka_rules() {
  LinkRules rules;
  rules.shortlink_hosts = {"aka.ms"};
  rules.search_engine_hosts = {"bing.com", "*.bing.com"};
  rules.expectations = {{"https://aka.ms/sspr", {"passwordreset.microsoftonline.com"}, {}}};
  return rules;
}

}  // namespace

TEST_CASE("verdict: aka.ms/sspr must end on the password reset portal", "[links][verdict]") {
  auto rules = aka_rules();
  auto good = judge(rules, chain({{"https://aka.ms/sspr", 301}, {"https://passwordreset.microsoftonline.com/", 200}}));
  CHECK(good.state == LinkState::redirected);
  CHECK(good.rule.empty());
  auto bad = judge(rules, chain({{"https://aka.ms/sspr", 301}, {"https://www.microsoft.com/", 200}}));
  CHECK(bad.state == LinkState::broken);
  CHECK(bad.rule == "redirect-expectation");
  CHECK(bad.message ==
        "https://aka.ms/sspr must end on passwordreset.microsoftonline.com but ends on www.microsoft.com: "
        "https://aka.ms/sspr → 301 → https://www.microsoft.com/ (200)");
}

TEST_CASE("verdict: an aka.ms name sent to Bing is a dead shortlink", "[links][verdict]") {
  auto v =
      judge(aka_rules(), chain({{"https://aka.ms/typo", 302}, {"https://www.bing.com/search?q=aka.ms%2ftypo", 200}}));
  CHECK(v.state == LinkState::broken);
  CHECK(v.rule == "dead-shortlink");
}

TEST_CASE("verdict: status codes per host", "[links][verdict]") {
  auto rules = aka_rules();
  CHECK(judge(rules, chain({{"https://x.example/", 403}})).rule == "http-status");
  rules.hosts.push_back({"x.example", std::nullopt, std::nullopt, std::nullopt, {{200, 200}, {403, 403}}});
  CHECK(judge(rules, chain({{"https://x.example/", 403}})).state == LinkState::ok);
}

TEST_CASE("verdict: a temporary redirect is fine, a permanent one is a warning", "[links][verdict]") {
  auto rules = aka_rules();
  auto temporary =
      judge(rules, chain({{"https://myaccount.microsoft.com/", 302}, {"https://login.microsoftonline.com/", 200}}));
  CHECK(temporary.state == LinkState::redirected);
  CHECK(temporary.rule.empty());
  auto moved = judge(rules, chain({{"http://old.example/", 301}, {"https://new.example/", 200}}));
  CHECK(moved.rule == "permanent-redirect");
  CHECK(moved.severity == Severity::warning);
}

TEST_CASE("verdict: failures keep the fetcher's words", "[links][verdict]") {
  FetchResult r = chain({{"https://x.example/", 0}});
  r.outcome = FetchOutcome::network_error;
  r.error = "https://x.example/: Could not resolve host: x.example";
  auto v = judge(aka_rules(), r);
  CHECK(v.rule == "network-error");
  CHECK(v.message == r.error);
}
