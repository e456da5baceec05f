#include "generator/load/site_config.h"

#include "generator/load/project.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;
using nlohmann::json;

namespace {

struct Loaded {
  std::optional<SiteConfig> config;
  Diagnostics diags;
};

Loaded load_text(const std::string& text) {
  static test::TempDir tmp;
  // Logos in the example config are relative to the config's folder. Copied: a link to the
  // repository's assets/ leads out of the project, and its logos would be refused.
  if (!std::filesystem::exists(tmp.path() / "assets"))
    std::filesystem::copy(test::source_dir() / "assets", tmp.path() / "assets",
                          std::filesystem::copy_options::recursive);
  auto path = tmp.path() / "site-config.json";
  test::write_text(path, text);
  Loaded l;
  l.config = load_site_config(path.string(), l.diags);
  return l;
}

Loaded load(const json& j) { return load_text(j.dump(2)); }

// The diagnostic whose message contains `needle`; fails the test if there is none.
const Diagnostic& find(const Diagnostics& diags, const std::string& needle) {
  for (const auto& d : diags.all())
    if (d.message.find(needle) != std::string::npos) return d;
  std::string all;
  for (const auto& d : diags.all()) all += format_diagnostic(d) + "\n";
  FAIL("no diagnostic containing \"" << needle << "\" in:\n" << all);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the example config loads without problems", "[site_config]") {
  Diagnostics diags;
  auto config = load_site_config((test::source_dir() / "site-config.json").string(), diags);
  REQUIRE(config);
  CHECK(diags.all().empty());
  REQUIRE(config->organisations.size() == 3);
  const auto& hospital = config->organisations[1];
  CHECK(hospital.policy.methods_required == 2);
  CHECK(hospital.policy.min_length == 16);
  CHECK(hospital.policy.phone_entry == PhoneEntry::national);
  CHECK_FALSE(hospital.publishes("unlock"));
  CHECK(config->organisations[2].publishes("unlock"));
  CHECK(config->site.base_url == "https://handleidingen.example.nl/");
}

TEST_CASE("a JSON syntax error gives line and column", "[site_config]") {
  auto l = load_text("{\n  \"site\": {\n    \"title\": \"x\"\n    \"base_url\": \"https://a.example.nl/\"\n  }\n}\n");
  CHECK_FALSE(l.config);
  REQUIRE(l.diags.error_count() == 1);
  const auto& d = l.diags.all()[0];
  CHECK(d.where.line == 4);
  CHECK(d.where.column == 14);  // where the parser stopped: the end of the unexpected "base_url"
  CHECK(d.message.rfind("invalid JSON", 0) == 0);
}

TEST_CASE("every problem of a config is reported at once with its pointer and line", "[site_config]") {
  json j = test::example_config();
  j["organisations"][0]["policy"]["methods"] = json::array({"email", "smss"});
  j["organisations"][1]["policy"]["methods_required"] = "2";
  j["organisations"][2]["id"] = "gemeente-lindewijk";
  j["organisations"][2]["brand"]["primary"] = "purple";
  j["organisations"][1]["colour"] = "#fff";
  auto l = load(j);
  REQUIRE(l.config);

  const auto& method = find(l.diags, "unknown verification method \"smss\"");
  CHECK(method.where.pointer == "/organisations/0/policy/methods/1");
  CHECK(method.where.line > 0);
  CHECK(method.hint.find("did you mean \"sms\"") != std::string::npos);

  const auto& type = find(l.diags, "\"methods_required\" must be a whole number, not a string");
  CHECK(type.where.pointer == "/organisations/1/policy/methods_required");

  const auto& dup = find(l.diags, "duplicate organisation id \"gemeente-lindewijk\"");
  CHECK(dup.where.pointer == "/organisations/2/id");
  CHECK(dup.hint.find("line") != std::string::npos);

  const auto& colour = find(l.diags, "\"purple\" is not a colour");
  CHECK(colour.where.pointer == "/organisations/2/brand/primary");

  const auto& unknown = find(l.diags, "unknown field \"colour\"");
  CHECK(unknown.where.pointer == "/organisations/1/colour");
  // Replacing "sms" by "smss" also leaves register_first naming a method that is not enabled.
  CHECK(find(l.diags, "register_first names \"sms\"").where.pointer == "/organisations/0/policy/register_first/0");
  INFO(test::messages(l.diags));
  CHECK(l.diags.error_count() == 6);
}

TEST_CASE("policy rules are checked", "[site_config]") {
  json j = test::example_config();
  auto& p = j["organisations"][0]["policy"];
  SECTION("two methods required but only one gate enabled") {
    p["methods"] = json::array({"sms", "call"});
    p["methods_required"] = 2;
    p["register_first"] = json::array({"sms"});
    auto l = load(j);
    CHECK(find(l.diags, "only one independent way").where.pointer == "/organisations/0/policy/methods_required");
  }
  SECTION("password length outside Entra's 8-256") {
    p["min_password_length"] = 6;
    auto l = load(j);
    CHECK(find(l.diags, "outside the allowed range 8 to 256").where.pointer ==
          "/organisations/0/policy/min_password_length");
  }
  SECTION("register_first names a method that is not enabled") {
    p["register_first"] = json::array({"app_code"});
    auto l = load(j);
    CHECK(find(l.diags, "not an enabled method").where.pointer == "/organisations/0/policy/register_first/0");
  }
  SECTION("unlock flow without unlock in the policy") {
    j["organisations"][0]["flows"] = json::array({"reset", "unlock"});
    auto l = load(j);
    CHECK(find(l.diags, "unlock flow is published but policy.unlock is false").where.pointer ==
          "/organisations/0/flows/1");
  }
}

TEST_CASE("organisation ids must be safe folder names", "[site_config]") {
  for (const char* bad : {"../x", "/abs", "a/b", "Upper", "caf\xC3\xA9", ""}) {
    json j = test::example_config();
    j["organisations"][0]["id"] = bad;
    auto l = load(j);
    INFO("id " << bad);
    CHECK(l.diags.has_errors());
    bool located = false;
    for (const auto& d : l.diags.all()) located = located || d.where.pointer == "/organisations/0/id";
    CHECK(located);
  }
}

// Per-locale texts are checked against the locale chains, which the whole project knows.
Diagnostics load_project_of(const json& j, const std::map<std::string, std::string>& files = {}) {
  test::ProjectFixture fixture(j, files);
  Diagnostics diags;
  load_project(fixture.config_path(), diags);
  return diags;
}

TEST_CASE("per-locale texts must cover every locale of the organisation", "[site_config]") {
  json j = test::example_config();
  j["organisations"][1]["servicedesk"]["hours"].erase("en");
  auto diags = load_project_of(j);
  CHECK(find(diags, "servicedesk.hours has no text for locale \"en\" or its fallbacks").where.pointer ==
        "/organisations/1/servicedesk/hours");
}

TEST_CASE("a note missing a locale is reported at its own entry, also after a skipped one", "[site_config]") {
  json j = test::example_config();
  j["organisations"][1]["notes"] = json::array({42, {{"flow", "reset"}, {"text", {{"nl", "Alleen Nederlands."}}}}});
  auto diags = load_project_of(j);
  INFO(test::messages(diags));
  CHECK(find(diags, "expected an object").where.pointer == "/organisations/1/notes/0");
  CHECK(find(diags, "this note has no text for locale \"en\"").where.pointer == "/organisations/1/notes/1/text");
}

TEST_CASE("per-locale texts follow the locale chain: nl-BE takes nl's hours", "[site_config]") {
  json j = test::example_config();
  j["organisations"][1]["locales"] = json::array({"nl", "nl-BE", "en"});
  auto diags =
      load_project_of(j, {{"locales/nl-BE/locale.json", R"j({"name": "Nederlands (België)", "fallback": "nl"})j"},
                          {"locales/nl-BE/ui.json", "{}"},
                          {"locales/nl-BE/theme.json", "{}"}});
  INFO(test::messages(diags));
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("a note on a step the policy leaves out is a warning at its step", "[site_config]") {
  json j = test::example_config();
  // Rivierenland has no e-mail method, so the e-mail choice is not on its pages.
  j["organisations"][1]["notes"][0]["step"] = "verify-email";
  auto diags = load_project_of(j);
  const Diagnostic& d =
      find(diags, "note for step \"verify-email\" of flow \"reset\", which this organisation's policy");
  CHECK(d.severity == Severity::warning);
  CHECK(d.where.pointer == "/organisations/1/notes/0/step");
}

TEST_CASE("settings that would do nothing are reported, and defaults fill what is left out", "[site_config]") {
  json j = test::example_config();
  j["organisations"][0]["policy"]["security_questions"] = {{"register", 3}, {"reset", 3}};
  j["organisations"][0]["policy"].erase("methods_required");
  j["organisations"][0].erase("login_example");
  j["organisations"][0]["policy"]["windows_reset"] = true;
  j["organisations"][2]["document"]["date"] = "30-09-2026";
  auto l = load(j);
  const Diagnostic& questions = find(l.diags, "security_questions is set, but \"questions\" is not an enabled method");
  CHECK(questions.severity == Severity::warning);
  CHECK(questions.where.pointer == "/organisations/0/policy/security_questions");
  CHECK(find(l.diags, "document.date \"30-09-2026\" is not a date").where.pointer == "/organisations/2/document/date");
  REQUIRE(l.config);
  const Organisation& org = l.config->organisations[0];
  CHECK(org.policy.methods_required == 1);
  CHECK(org.policy.windows_reset);
  CHECK(org.login_example == "j.devries@lindewijk.example.nl");
}

TEST_CASE("the site title is one string or one per locale", "[site_config]") {
  json j = test::example_config();
  j["site"]["title"] = {{"nl", "Handleidingen"}, {"en", "Manuals"}};
  auto l = load(j);
  REQUIRE(l.config);
  CHECK(l.config->site.titles.at("en") == "Manuals");
}

TEST_CASE("flows default to the four flows, unlock only when allowed", "[site_config]") {
  json j = test::example_config();
  j["organisations"][0].erase("flows");
  j["organisations"][2].erase("flows");
  auto l = load(j);
  INFO(test::messages(l.diags));
  REQUIRE_FALSE(l.diags.has_errors());
  CHECK(l.config->organisations[0].flows == std::vector<std::string>{"register", "reset", "change"});
  CHECK(l.config->organisations[2].flows == std::vector<std::string>{"register", "reset", "unlock", "change"});
}

TEST_CASE("a config over the 8 MiB of other JSON files loads: 10,000 organisations are about 10 MB", "[site_config]") {
  std::string text = test::example_config().dump(2);
  auto l = load_text(text + std::string(10 * 1024 * 1024, ' '));
  INFO(test::messages(l.diags));
  CHECK_FALSE(l.diags.has_errors());
  CHECK(l.config->organisations.size() == 3);
}

TEST_CASE("\"_comment\" fields are ignored in objects of fields, and not offered as one", "[config]") {
  json j = test::example_config();
  j["_comment"] = "the whole file";
  j["site"]["_comment"] = "the site";
  j["organisations"][0]["_comment"] = "an organisation";
  j["organisations"][0]["policy"]["_comment"] = "its policy";
  j["organisations"][0]["policy"]["min_length"] = 8;
  auto l = load(j);
  INFO(test::messages(l.diags));
  REQUIRE(l.diags.all().size() == 1);
  CHECK(find(l.diags, "unknown field \"min_length\"").hint.find("_comment") == std::string::npos);
}
