// What the published pages say to a reader: the servicedesk page, parts that are not steps,
// sentences that follow the policy, labels not confirmed from a screenshot, per-locale site texts.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "test_support.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace manualgen;

namespace {

struct BuiltSite {
  test::TempDir tmp;
  fs::path out = tmp.path() / "public";
  test::BuildRun run;
  explicit BuiltSite(const std::string& config) : run(test::build(config, out.string())) {}
  BuiltSite() : BuiltSite((test::source_dir() / "site-config.json").string()) {}

  pugi::xml_document page(const std::string& path) const {
    pugi::xml_document doc;
    INFO(path);
    REQUIRE(doc.load_file((out / path).c_str()));
    return doc;
  }
  std::string text(const std::string& path) const { return test::read_text(out / path); }
};

std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (const auto& t : node.select_nodes(".//text()")) out += t.node().value();
  return out;
}

// The plain text of an element by XPath, or "" when there is none.
std::string text_at(const pugi::xml_document& doc, const std::string& xpath) {
  return text_of(doc.select_node(xpath.c_str()).node());
}

}  // namespace

TEST_CASE("the servicedesk page lists every step and choice with its link and a message to paste", "[site_pages]") {
  BuiltSite site;
  INFO(site.run.messages());
  REQUIRE(site.run.ok);
  for (const char* base : {"zorggroep-noorderlicht/nl/", "ziekenhuis-rivierenland/en/"}) {
    auto desk = site.page(std::string(base) + "servicedesk/index.html");
    auto links = json::parse(site.text(std::string(base) + "links.json"));
    for (const auto& link : links) {
      std::string id = link["flow"].get<std::string>() + "-" + link["id"].get<std::string>();
      INFO(base << id);
      auto item = desk.select_node(("//li[@id='" + id + "']").c_str()).node();
      REQUIRE(item);
      std::string href = item.select_node(".//h3/a").node().attribute("href").value();
      CHECK(href == "../" + link["flow"].get<std::string>() + "/index.html#" + link["id"].get<std::string>());
      std::string message = text_at(desk, "//p[@id='message-" + id + "']");
      CHECK(message.find(link["url"].get<std::string>()) != std::string::npos);
      // Without JavaScript the copy button stays hidden; the message is there to select.
      CHECK(std::string(item.select_node(".//button").node().attribute("hidden").value()) == "hidden");
    }
  }
  auto nl = site.page("zorggroep-noorderlicht/nl/servicedesk/index.html");
  CHECK(text_at(nl, "//p[@id='message-reset-verify-sms']") ==
        "Open deze link en volg in stap 4 ‘Met een sms’: "
        "https://handleidingen.example.nl/zorggroep-noorderlicht/nl/reset/#verify-sms");
  CHECK(text_at(nl, "//p[@id='message-reset-trouble']").rfind("Open deze link en lees ‘Lukt het niet?’: ", 0) == 0);
  auto en = site.page("ziekenhuis-rivierenland/en/servicedesk/index.html");
  CHECK(text_at(en, "//p[@id='message-change-fill-form']") ==
        "Open this link and follow step 3, ‘Fill in the form’: "
        "https://handleidingen.example.nl/ziekenhuis-rivierenland/en/change/#fill-form");
}

TEST_CASE("no employee page links the servicedesk page", "[site_pages]") {
  BuiltSite site;
  REQUIRE(site.run.ok);
  for (const auto& e : fs::recursive_directory_iterator(site.out)) {
    if (e.path().extension() != ".html" || e.path().parent_path().filename() == "servicedesk") continue;
    INFO(e.path().string());
    CHECK(test::read_text(e.path()).find("servicedesk/index.html") == std::string::npos);
  }
}

TEST_CASE("parts that are not steps are not numbered, and the numbers run on without them", "[site_pages]") {
  BuiltSite site;
  REQUIRE(site.run.ok);
  auto reset = site.page("ziekenhuis-rivierenland/nl/reset/index.html");
  auto trouble = reset.select_node("//section[@id='trouble']").node();
  REQUIRE(trouble);
  CHECK_FALSE(trouble.select_node(".//span[@class='step-number']"));
  CHECK_FALSE(reset.select_node("//ol[@class='steps']//*[@id='trouble']"));
  CHECK(reset.select_node("//section[@id='windows-sign-in']"));
  std::vector<std::string> numbers;
  for (const auto& n : reset.select_nodes("//ol[@class='steps']/li/h2/span[@class='step-number']"))
    numbers.push_back(n.node().text().get());
  CHECK(numbers == std::vector<std::string>{"Stap 1", "Stap 2", "Stap 3", "Stap 4", "Stap 5", "Stap 6"});
  auto unlock = site.page("zorggroep-noorderlicht/nl/unlock/index.html");
  CHECK(unlock.select_node("//section[@id='about-lockout']/following-sibling::ol[@class='steps']"));
  // One language switch per page: no per-step links to the other locales.
  CHECK(site.text("ziekenhuis-rivierenland/nl/reset/index.html").find("also-in") == std::string::npos);
}

TEST_CASE("sentences about methods follow each organisation's policy", "[site_pages]") {
  BuiltSite site;
  REQUIRE(site.run.ok);
  // Lindewijk: one method required, e-mail and sms (a spare); Rivierenland: two required from two
  // gates (no spare), the national phone format, the Windows sign-in; Noorderlicht: two of four gates.
  std::string lindewijk = text_at(site.page("gemeente-lindewijk/nl/register/index.html"), "//*[@id='overview']");
  CHECK(lindewijk.find("minstens één methode staat") != std::string::npos);
  CHECK(lindewijk.find("extra toe") != std::string::npos);
  std::string rivierenland =
      text_at(site.page("ziekenhuis-rivierenland/nl/register/index.html"), "//*[@id='overview']");
  CHECK(rivierenland.find("minstens twee methoden staan") != std::string::npos);
  CHECK(rivierenland.find("extra toe") == std::string::npos);
  CHECK(rivierenland.find("1 methoden") == std::string::npos);

  auto phone_only = text_at(site.page("gemeente-lindewijk/nl/register/index.html"), "//*[@id='phone-only']");
  CHECK(phone_only.find("Authenticator") == std::string::npos);  // Lindewijk has no app
  auto phone_only_app = text_at(site.page("zorggroep-noorderlicht/nl/register/index.html"), "//*[@id='phone-only']");
  CHECK(phone_only_app.find("Authenticator") != std::string::npos);

  std::string national = text_at(site.page("ziekenhuis-rivierenland/nl/reset/index.html"), "//*[@id='verify-sms']");
  CHECK(national.find("Microsoft adviseert +31, maar Ziekenhuis Rivierenland") != std::string::npos);
  std::string international = text_at(site.page("zorggroep-noorderlicht/nl/reset/index.html"), "//*[@id='verify-sms']");
  CHECK(international.find("Microsoft adviseert") == std::string::npos);
  CHECK_FALSE(site.page("zorggroep-noorderlicht/nl/reset/index.html").select_node("//*[@id='windows-sign-in']"));

  std::string locked = text_at(site.page("zorggroep-noorderlicht/nl/reset/index.html"), "//*[@id='trouble']");
  CHECK(locked.find("na 3 verkeerde pogingen") != std::string::npos);
  std::string not_locked = text_at(site.page("gemeente-lindewijk/nl/reset/index.html"), "//*[@id='trouble']");
  CHECK(not_locked.find("pogingen") == std::string::npos);
  CHECK(site.text("gemeente-lindewijk/nl/reset/index.html").find("<li></li>") == std::string::npos);
}

TEST_CASE("a label not confirmed from a screenshot reads as one like it", "[site_pages]") {
  BuiltSite site;
  REQUIRE(site.run.ok);
  auto change = site.page("gemeente-lindewijk/nl/change/index.html");
  std::string form = text_at(change, "//*[@id='fill-form']/div[@class='prose']");
  CHECK(form.find("Klik op een knop als Indienen.") != std::string::npos);
  CHECK(std::string(change.select_node("//*[@id='fill-form']//span[.='Indienen']").node().attribute("class").value()) ==
        "ui unconfirmed");
  // A label seen on the real screen stays as it is.
  auto reset = site.page("gemeente-lindewijk/nl/reset/index.html");
  CHECK(text_at(reset, "//*[@id='new-password']/div[@class='prose']").find("Klik op Voltooien.") != std::string::npos);
}

TEST_CASE("site texts, dates and the licence note are in the reader's language", "[site_pages]") {
  BuiltSite site;
  REQUIRE(site.run.ok);
  auto en = site.page("zorggroep-noorderlicht/en/manual.html");
  CHECK(text_at(en, "//footer") == "Password and account manuals");
  CHECK(text_at(en, "//dl[@class='document-info']").find("30 September 2026") != std::string::npos);
  CHECK(text_at(en, "//section[@class='licence']").find("Business Premium") != std::string::npos);
  auto nl = site.page("zorggroep-noorderlicht/nl/manual.html");
  CHECK(text_at(nl, "//footer") == "Handleidingen wachtwoord en account");
  CHECK(text_at(nl, "//dl[@class='document-info']").find("30 september 2026") != std::string::npos);
  CHECK(std::string(nl.select_node("//dl[@class='document-info']//time").node().attribute("datetime").value()) ==
        "2026-09-30");
}

TEST_CASE("a note for a flow without a step is shown on top of that flow's page", "[site_pages]") {
  json config = test::example_config();
  config["organisations"][0]["notes"] = json::array({{{"flow", "reset"}, {"text", {{"nl", "Lees dit eerst."}}}}});
  config["organisations"][0]["document"]["owner"] = "Team ICT";
  test::ProjectFixture fixture(config);
  BuiltSite site(fixture.config_path());
  INFO(site.run.messages());
  REQUIRE(site.run.ok);
  auto reset = site.page("gemeente-lindewijk/nl/reset/index.html");
  CHECK(text_at(reset, "//article/aside[@class='note']/p[2]") == "Lees dit eerst.");
  CHECK(text_at(site.page("gemeente-lindewijk/nl/manual.html"), "//dl[@class='document-info']").find("Team ICT") !=
        std::string::npos);
}

TEST_CASE("a locale without its own servicedesk hours takes its fallback's, and the build says so", "[site_pages]") {
  json config = test::example_config();
  config["organisations"][1]["locales"] = json::array({"nl", "nl-BE"});
  test::ProjectFixture fixture(config, {{"locales/nl-BE/locale.json", R"({"name": "Vlaams", "fallback": "nl"})"},
                                        {"locales/nl-BE/ui.json", "{}"},
                                        {"locales/nl-BE/theme.json", "{}"}});
  BuiltSite site(fixture.config_path());
  INFO(site.run.messages());
  REQUIRE(site.run.ok);
  CHECK(
      text_at(site.page("ziekenhuis-rivierenland/nl-BE/index.html"), "//aside[@class='desk']").find("24 uur per dag") !=
      std::string::npos);
  CHECK(site.run.summary.fallbacks.count({"nl-BE", "servicedesk.hours of ziekenhuis-rivierenland", "nl"}) == 1);
}
