#include "generator/resolve/resolver.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;
using nlohmann::json;

namespace {

struct Resolved {
  test::ProjectFixture fixture;
  Diagnostics diags;
  std::optional<Project> project;
  std::set<FallbackUse> fallbacks;

  explicit Resolved(const json& config, const std::map<std::string, std::string>& files = {}) : fixture(config, files) {
    project = load_project(fixture.config_path(), diags);
  }

  Manual manual(const std::string& org, const std::string& locale, const std::string& flow) {
    ResolveContext ctx{project->config, project->content, project->locales, diags, fallbacks};
    for (const auto& o : project->config.organisations)
      if (o.id == org) return resolve_manual(ctx, o, locale, flow, LinkStyle::pages);
    FAIL("no organisation " << org);
    return {};
  }
};

std::vector<std::string> ids(const std::vector<ResolvedPart>& parts) {
  std::vector<std::string> out;
  for (const auto& p : parts) out.push_back(p.id);
  return out;
}

const ResolvedPart& step(const Manual& m, const std::string& id) {
  for (const auto& s : m.steps)
    if (s.id == id) return s;
  FAIL("no step " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("steps and choices follow the organisation's policy", "[resolver]") {
  Resolved r(test::example_config());
  REQUIRE_FALSE(r.diags.has_errors());

  Manual one = r.manual("gemeente-lindewijk", "nl", "reset");
  CHECK(ids(one.steps) ==
        std::vector<std::string>{"open-portal", "enter-account", "verify-first", "new-password", "done", "trouble"});
  CHECK(ids(step(one, "verify-first").choices) == std::vector<std::string>{"verify-email", "verify-sms"});
  CHECK(ids(step(one, "verify-first").tips) == std::vector<std::string>{"one-method"});

  Manual two = r.manual("zorggroep-noorderlicht", "nl", "reset");
  CHECK(ids(two.steps) == std::vector<std::string>{"open-portal", "enter-account", "choose-reason", "verify-first",
                                                   "verify-second", "new-password", "done", "trouble"});
  CHECK(ids(step(two, "verify-first").choices) ==
        std::vector<std::string>{"verify-email", "verify-sms", "verify-call", "verify-questions",
                                 "verify-app-notification", "verify-app-code"});
  CHECK(step(two, "verify-second").number == 5);
  CHECK_FALSE(r.diags.has_errors());
}

TEST_CASE("organisation values are substituted into the prose", "[resolver]") {
  Resolved r(test::example_config());
  Manual hospital = r.manual("ziekenhuis-rivierenland", "nl", "reset");
  CHECK(step(hospital, "new-password").html.find("16") != std::string::npos);
  const auto& sms = step(hospital, "verify-first").choices.at(0);
  REQUIRE(sms.id == "verify-sms");
  CHECK(sms.html.find("zonder landcode") != std::string::npos);
  CHECK(step(hospital, "done").notes.at(0).find("zonder je pas") != std::string::npos);

  Manual town = r.manual("gemeente-lindewijk", "nl", "reset");
  CHECK(step(town, "new-password").html.find("16") == std::string::npos);
  CHECK(step(town, "verify-first").choices.at(1).html.find("met landcode") != std::string::npos);
  CHECK(step(town, "enter-account").html.find("j.devries@lindewijk.example.nl") != std::string::npos);
}

TEST_CASE("UI labels come from the locale's catalog for the step's screen", "[resolver]") {
  Resolved r(test::example_config());
  Manual nl = r.manual("ziekenhuis-rivierenland", "nl", "reset");
  Manual en = r.manual("ziekenhuis-rivierenland", "en", "reset");
  auto sms_nl = step(nl, "verify-first").choices.at(0);
  auto sms_en = step(en, "verify-first").choices.at(0);
  CHECK(sms_nl.html.find("<span class=\"ui\">Tekst</span>") != std::string::npos);
  CHECK(sms_en.html.find("<span class=\"ui\">Text</span>") != std::string::npos);
  bool recorded = false;
  for (const auto& l : sms_nl.labels) recorded = recorded || (l.key == "button-text" && l.screen == "RST.Vk.SMS");
  CHECK(recorded);
}

TEST_CASE("a locale falls back through its chain and says so", "[resolver]") {
  json config = test::example_config();
  config["organisations"][0]["locales"] = json::array({"nl-BE"});
  config["organisations"][0]["servicedesk"]["hours"] = {{"nl-BE", "maandag tot vrijdag"}};
  Resolved r(config, {{"locales/nl-BE/locale.json", R"J({"name": "Nederlands (België)", "fallback": "nl"})J"},
                      {"locales/nl-BE/theme.json", R"J({"step": "Stap (BE)"})J"}});
  for (const auto& d : r.diags.all()) UNSCOPED_INFO(format_diagnostic(d));
  REQUIRE_FALSE(r.diags.has_errors());
  Manual m = r.manual("gemeente-lindewijk", "nl-BE", "reset");
  CHECK(m.title == "Wachtwoord vergeten");
  CHECK(r.fallbacks.count({"nl-BE", "prose file reset.md", "nl"}));
  CHECK(r.fallbacks.count({"nl-BE", "UI label RST.WHO/next", "nl"}));
  CHECK(r.fallbacks.size() > 10);
}

TEST_CASE("a step without prose in a locale is an error at the step definition", "[resolver]") {
  std::string change = test::read_text(test::source_dir() / "content/en/change.md");
  auto start = change.find("## [fill-form]");
  auto end = change.find("## [", start + 5);
  REQUIRE(start != std::string::npos);
  change.erase(start, end - start);
  Resolved r(test::example_config(), {{"content/en/change.md", change}});
  bool found = false;
  for (const auto& d : r.diags.all())
    if (d.message == "no prose for \"fill-form\" in locale \"en\" (nor in its fallbacks)") {
      found = true;
      CHECK(d.where.file.find("content/flows/change.json") != std::string::npos);
      CHECK(d.where.line > 0);
    }
  CHECK(found);
}

TEST_CASE("a label that is not on the step's screen is an error at its prose line", "[resolver]") {
  std::string reset = test::read_text(test::source_dir() / "content/nl/reset.md");
  auto pos = reset.find("## [new-password]");
  REQUIRE(pos != std::string::npos);
  int line = 1 + static_cast<int>(std::count(reset.begin(), reset.begin() + static_cast<long>(pos), '\n'));
  reset.insert(reset.find('\n', pos) + 1, "Klik op {{ui.button-text}}.\n");
  Resolved r(test::example_config(), {{"content/nl/reset.md", reset}});
  REQUIRE_FALSE(r.diags.has_errors());
  r.manual("gemeente-lindewijk", "nl", "reset");
  REQUIRE(r.diags.error_count() == 1);
  const auto& d = r.diags.all()[0];
  CHECK(d.where.line == line + 1);
  CHECK(d.where.file.find("content/nl/reset.md") != std::string::npos);
  CHECK(d.message.find("no label \"button-text\" on the screens of this step (RST.NEWPWD)") != std::string::npos);
}

namespace {
// Every text of `a` and `b`, part by part, for comparing two manuals.
void check_same_texts(const ResolvedPart& a, const ResolvedPart& b) {
  INFO("part " << a.id);
  CHECK(a.id == b.id);
  CHECK(a.title == b.title);
  CHECK(a.html == b.html);
  CHECK(a.notes == b.notes);
  REQUIRE(a.choices.size() == b.choices.size());
  REQUIRE(a.tips.size() == b.tips.size());
  for (size_t i = 0; i < a.choices.size(); ++i) check_same_texts(a.choices[i], b.choices[i]);
  for (size_t i = 0; i < a.tips.size(); ++i) check_same_texts(a.tips[i], b.tips[i]);
}
}  // namespace

TEST_CASE("restyling a manual for the one-page manual equals resolving it in that style", "[resolver]") {
  Resolved r(test::example_config());
  REQUIRE_FALSE(r.diags.has_errors());
  ResolveContext ctx{r.project->config, r.project->content, r.project->locales, r.diags, r.fallbacks};
  int links_rewritten = 0;
  for (const auto& org : r.project->config.organisations)
    for (const auto& locale : org.locales)
      for (const auto& flow : all_flow_ids()) {
        if (!org.publishes(flow)) continue;
        INFO(org.id << " " << locale << " " << flow);
        Manual pages = resolve_manual(ctx, org, locale, flow, LinkStyle::pages);
        Manual direct = resolve_manual(ctx, org, locale, flow, LinkStyle::single_page);
        Manual restyled = restyle_manual(ctx, pages, LinkStyle::single_page);
        CHECK(restyled.intro_html == direct.intro_html);
        CHECK(restyled.summary_html == direct.summary_html);
        REQUIRE(restyled.steps.size() == direct.steps.size());
        for (size_t i = 0; i < direct.steps.size(); ++i) {
          check_same_texts(restyled.steps[i], direct.steps[i]);
          if (pages.steps[i].html != direct.steps[i].html) ++links_rewritten;
        }
      }
  // The example content links between steps and flows, so restyling had work to do.
  CHECK(links_rewritten > 5);
}
