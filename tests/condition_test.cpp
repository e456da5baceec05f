#include "generator/model/condition.h"

#include <catch2/catch.hpp>

#include "generator/load/site_config.h"

using namespace manualgen;

TEST_CASE("conditions select by policy", "[condition]") {
  Policy p;
  p.methods = {Method::sms, Method::app_code};
  p.methods_required = 2;
  p.unlock = false;
  std::string error;
  auto term = [&](const std::string& text) {
    auto t = parse_term(text, error);
    REQUIRE(t);
    return holds(*t, p);
  };
  CHECK(term("method:sms"));
  CHECK_FALSE(term("method:email"));
  CHECK(term("method:email|app_code"));
  CHECK(term("required:2"));
  CHECK_FALSE(term("required:1"));
  CHECK_FALSE(term("unlock"));
  CHECK(term("!unlock"));
  CHECK(term("phone:international"));
  CHECK_FALSE(term("lockout"));
  p.lockout_threshold = 3;
  CHECK(term("lockout"));
}

TEST_CASE("an unknown condition or method is an error naming what is allowed", "[condition]") {
  std::string error;
  CHECK_FALSE(parse_term("method:smss", error));
  CHECK(error.find("unknown method \"smss\"") != std::string::npos);
  CHECK_FALSE(parse_term("required:3", error));
  CHECK(error.find("required:2") != std::string::npos);
}

TEST_CASE("sms and call are one gate, as are the two app methods", "[method]") {
  CHECK(count_gates({Method::sms, Method::call}) == 1);
  CHECK(count_gates({Method::app_notification, Method::app_code}) == 1);
  CHECK(count_gates({Method::sms, Method::app_code}) == 2);
  CHECK(count_gates({Method::email, Method::sms, Method::call, Method::questions}) == 3);
}

TEST_CASE("any term can be negated, and prose conditions list several terms", "[condition]") {
  Policy p;
  p.methods = {Method::sms};
  std::string error;
  auto terms = parse_terms("method:sms !method:email !windows-reset", error);
  REQUIRE(terms);
  CHECK(terms->size() == 3);
  CHECK(holds(*terms, p));
  p.windows_reset = true;
  CHECK_FALSE(holds(*terms, p));
  CHECK_FALSE(holds(*parse_term("spare", error), p));  // one gate, one required
  p.methods.push_back(Method::email);
  CHECK(holds(*parse_term("spare", error), p));
  CHECK_FALSE(parse_terms("method:sms !method:smss", error));
  CHECK(error.find("unknown method \"smss\"") != std::string::npos);
}
