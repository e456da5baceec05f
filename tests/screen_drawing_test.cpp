// The screens drawn in every step (render/screen_drawing, resolve/illustrations): what each picture
// shows follows the model, the locale and the organisation, and the element the prose names is the
// one highlighted. Pages are read back with pugixml, as a reader's browser would see them.

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <pugixml.hpp>
#include <set>

#include "generator/resolve/illustrations.h"
#include "test_support.h"

using namespace manualgen;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Built {
  test::ProjectFixture fixture;
  test::TempDir tmp;
  fs::path out = tmp.path() / "public";
  test::BuildRun run;

  explicit Built(const json& config = test::example_config(), const std::map<std::string, std::string>& files = {})
      : fixture(config, files), run(test::build(fixture.config_path(), out.string())) {
    INFO(run.messages());
    REQUIRE(run.ok);
  }

  pugi::xml_document page(const std::string& rel) const {
    pugi::xml_document doc;
    auto result = doc.load_file((out / rel).c_str());
    INFO(rel << ": " << result.description());
    REQUIRE(result);
    return doc;
  }
};

// The figures of the element with id `part` (a step or choice) showing `screen`.
std::vector<pugi::xml_node> figures(const pugi::xml_document& doc, const std::string& part, const std::string& screen) {
  std::vector<pugi::xml_node> out;
  auto owner = doc.select_node(("//*[@id='" + part + "']").c_str()).node();
  REQUIRE(owner);
  for (const auto& f : owner.select_nodes(("descendant::figure[@data-screen='" + screen + "']").c_str()))
    out.push_back(f.node());
  return out;
}
// The nodes live in their document: a temporary one would leave them dangling.
std::vector<pugi::xml_node> figures(pugi::xml_document&&, const std::string&, const std::string&) = delete;

// The text of the nodes of class `cls` (by whole word) under `node`.
std::vector<std::string> texts(const pugi::xml_node& node, const std::string& cls) {
  std::vector<std::string> out;
  std::string query = "descendant::*[contains(concat(' ', @class, ' '), ' " + cls + " ')]";
  for (const auto& n : node.select_nodes(query.c_str())) out.push_back(n.node().text().get() + std::string());
  for (auto& t : out)
    if (t.empty()) t = "";
  return out;
}

std::string all_text(const pugi::xml_node& node) {
  std::string out;
  for (const auto& t : node.select_nodes("descendant::text()")) out += t.node().value();
  return out;
}

std::set<std::string> highlights(const pugi::xml_node& figure) {
  std::set<std::string> out;
  for (const auto& n : figure.select_nodes("descendant::*[@data-highlight]"))
    out.insert(n.node().attribute("data-highlight").value());
  return out;
}

json one_org(const std::string& id) {
  json config = test::example_config();
  json kept = json::array();
  for (const auto& org : config["organisations"])
    if (org["id"] == id) kept.push_back(org);
  config["organisations"] = kept;
  return config;
}

}  // namespace

TEST_CASE("screens: the pick screen shows exactly the organisation's methods, in Microsoft's order", "[screens]") {
  Built site;
  // Gemeente Lindewijk: one method, e-mail and SMS.
  auto doc = site.page("gemeente-lindewijk/nl/reset/index.html");
  auto pick = figures(doc, "verify-first", "RST.Vk.PICK");
  REQUIRE(pick.size() == 1);
  std::vector<std::string> options;
  for (const auto& n : pick[0].select_nodes("descendant::p[contains(@class, 'screen-option')]"))
    options.push_back(all_text(n.node()));
  CHECK(options == std::vector<std::string>{"Stuur e-mail naar mijn alternatieve e-mailadres",
                                            "Sms-bericht naar mijn telefoon verzenden"});
  // One method required: no second step, and the indicator has two parts.
  CHECK(texts(pick[0], "screen-part").size() == 2);

  // Zorggroep Noorderlicht enables six: all six, email first and the app code last.
  auto six_doc = site.page("zorggroep-noorderlicht/nl/reset/index.html");
  auto six = figures(six_doc, "verify-first", "RST.Vk.PICK");
  REQUIRE(six.size() == 1);
  auto all = six[0].select_nodes("descendant::p[contains(@class, 'screen-option')]");
  CHECK(all.size() == 6);
  CHECK(all_text(all.first().node()) == "Stuur e-mail naar mijn alternatieve e-mailadres");
}

TEST_CASE("screens: with two methods the indicator marks the verification step the reader is in", "[screens]") {
  Built site;
  auto doc = site.page("ziekenhuis-rivierenland/nl/reset/index.html");
  auto first = figures(doc, "verify-sms", "RST.Vk.SMS");
  REQUIRE(first.size() == 1);
  CHECK(texts(first[0], "screen-current") == std::vector<std::string>{"verificatiestap 1"});
  CHECK(texts(first[0], "screen-done").empty());

  auto second = figures(doc, "verify-second", "RST.Vk.PICK");
  REQUIRE(second.size() == 1);
  CHECK(texts(second[0], "screen-current") == std::vector<std::string>{"verificatiestap 2"});
  CHECK(texts(second[0], "screen-done") == std::vector<std::string>{"verificatiestap 1 ✓"});
  CHECK(all_text(second[0]).find("Geef op hoe we in tweede instantie") != std::string::npos);
  CHECK(all_text(second[0]).find("in eerste instantie") == std::string::npos);

  auto password = figures(doc, "new-password", "RST.NEWPWD");
  REQUIRE(password.size() == 1);
  CHECK(texts(password[0], "screen-current") == std::vector<std::string>{"nieuw wachtwoord kiezen"});
  CHECK(texts(password[0], "screen-done").size() == 2);
}

TEST_CASE("screens: the highlighted elements are the ones the step's prose names", "[screens]") {
  Built site;
  auto doc = site.page("gemeente-lindewijk/nl/reset/index.html");
  auto who = figures(doc, "enter-account", "RST.WHO");
  REQUIRE(who.size() == 1);
  CHECK(highlights(who[0]) == std::set<std::string>{"upn-field", "next"});
  std::string name = who[0].attribute("aria-label").value();
  CHECK(name.rfind("Scherm: Toegang krijgen tot uw account, met ", 0) == 0);
  CHECK(std::string(who[0].attribute("role").value()) == "img");

  // The same step telling the reader to cancel highlights Cancel instead.
  std::string prose = test::read_text(test::source_dir() / "content/nl/reset.md");
  std::string from = "3. Klik op {{ui.next}}.\n\n### [captcha-case]";
  REQUIRE(prose.find(from) != std::string::npos);
  prose.replace(prose.find(from), from.size(), "3. Klik op {{ui.cancel}}.\n\n### [captcha-case]");
  Built cancelled(one_org("gemeente-lindewijk"), {{"content/nl/reset.md", prose}});
  auto changed_doc = cancelled.page("gemeente-lindewijk/nl/reset/index.html");
  auto changed = figures(changed_doc, "enter-account", "RST.WHO");
  REQUIRE(changed.size() == 1);
  CHECK(highlights(changed[0]) == std::set<std::string>{"upn-field", "cancel"});
}

TEST_CASE("screens: a label a locale lacks is drawn from its fallback", "[screens]") {
  json config = one_org("gemeente-lindewijk");
  json& org = config["organisations"][0];
  org["locales"] = {"nl-BE"};
  // The config's own texts per locale (hours, notes) get a Flemish copy.
  std::function<void(json&)> copy_nl = [&](json& v) {
    if (v.is_object() && v.contains("nl")) v["nl-BE"] = v["nl"];
    if (v.is_object() || v.is_array())
      for (auto& child : v) copy_nl(child);
  };
  copy_nl(org);
  config["site"]["default_locale"] = "nl-BE";
  // A Flemish locale with one label of its own; every other text falls back to nl.
  Built site(config, {{"locales/nl-BE/locale.json", R"j({"name": "Nederlands (België)", "fallback": "nl"})j"},
                      {"locales/nl-BE/ui.json",
                       R"({"RST.WHO": {"next": {"text": "Verder", "tag": "inferred", "source": "test"}}})"},
                      {"locales/nl-BE/theme.json", "{}"}});
  auto who_doc = site.page("gemeente-lindewijk/nl-BE/reset/index.html");
  auto who = figures(who_doc, "enter-account", "RST.WHO");
  REQUIRE(who.size() == 1);
  std::string text = all_text(who[0]);
  CHECK(text.find("Verder") != std::string::npos);
  CHECK(text.find("Annuleren") != std::string::npos);  // from nl
  CHECK(text.find("Toegang krijgen tot uw account") != std::string::npos);
}

TEST_CASE("screens: the organisation's values fill the fields and stay text", "[screens]") {
  json config = one_org("gemeente-lindewijk");
  config["organisations"][0]["login_example"] = "<script>alert(1)</script>@example.nl";
  Built site(config);
  auto doc = site.page("gemeente-lindewijk/nl/reset/index.html");
  auto who = figures(doc, "enter-account", "RST.WHO");
  REQUIRE(who.size() == 1);
  CHECK(texts(who[0], "screen-input").front() == "<script>alert(1)</script>@example.nl");
  CHECK(doc.select_nodes("//figure//script").empty());
  // International phone entry: the SMS pane shows the number with the country code.
  auto sms = figures(doc, "verify-sms", "RST.Vk.SMS");
  REQUIRE(sms.size() == 1);
  CHECK(all_text(sms[0]).find("+31 612345678") != std::string::npos);
}

TEST_CASE("screens: illustrations can be turned off per step and per organisation", "[screens]") {
  std::string flow = test::read_text(test::source_dir() / "content/flows/reset.json");
  std::string from = R"({ "id": "enter-account", "screens": ["RST.WHO"],)";
  REQUIRE(flow.find(from) != std::string::npos);
  flow.replace(flow.find(from), from.size(),
               R"({ "id": "enter-account", "screens": ["RST.WHO"], "illustrate": false,)");
  Built step_off(one_org("gemeente-lindewijk"), {{"content/flows/reset.json", flow}});
  auto doc = step_off.page("gemeente-lindewijk/nl/reset/index.html");
  CHECK(figures(doc, "enter-account", "RST.WHO").empty());
  CHECK_FALSE(figures(doc, "new-password", "RST.NEWPWD").empty());

  json config = one_org("gemeente-lindewijk");
  config["organisations"][0]["illustrations"] = false;
  Built org_off(config);
  CHECK(org_off.page("gemeente-lindewijk/nl/reset/index.html").select_nodes("//figure").empty());
}

TEST_CASE("screens: every step and choice with a screen has its picture on the page and in manual.html", "[screens]") {
  Built site;
  Diagnostics diags;
  auto project = load_project((test::source_dir() / "site-config.json").string(), diags);
  REQUIRE(project);
  for (const auto& org : project->config.organisations)
    for (const auto& locale : org.locales) {
      size_t on_pages = 0;
      for (const auto& flow : org.flows) {
        const FlowModel& model = project->screens.at(flow);
        auto doc = site.page(org.id + "/" + locale + "/" + flow + "/index.html");
        for_each_part(project->content.flows.at(flow).steps, [&](const Part& part, const Part*) {
          bool has_screen = std::any_of(part.screens.begin(), part.screens.end(), [&](const std::string& id) {
            const ModelState* s = model.state(id);
            return s && drawable(*s) && s->on_path();
          });
          auto node = doc.select_node(("//*[@id='" + part.id + "']").c_str()).node();
          if (!has_screen || part.kind == PartKind::tip || !node) return;  // a part the policy hides
          INFO(org.id << "/" << locale << "/" << flow << " " << part.id);
          CHECK_FALSE(node.select_nodes("figure[@class='screen'] | */figure[@class='screen']").empty());
        });
        on_pages += doc.select_nodes("//figure[@class='screen']").size();
      }
      INFO(org.id << "/" << locale << "/manual.html");
      CHECK(site.page(org.id + "/" + locale + "/manual.html").select_nodes("//figure[@class='screen']").size() ==
            on_pages);
    }
}

TEST_CASE("screens: a label the model shows but no locale has is a located build error", "[screens]") {
  std::string model = test::read_text(test::source_dir() / "content/screens/reset.json");
  std::string from = R"({ "kind": "message", "label": "message" })";
  REQUIRE(model.find(from) != std::string::npos);
  model.replace(model.find(from), from.size(), R"({ "kind": "message", "label": "no-such-label" })");
  test::ProjectFixture fixture(one_org("gemeente-lindewijk"), {{"content/screens/reset.json", model}});
  test::TempDir tmp;
  auto run = test::build(fixture.config_path(), (tmp.path() / "public").string());
  CHECK_FALSE(run.ok);
  CHECK(run.messages().find("content/screens/reset.json:") != std::string::npos);
  CHECK(run.messages().find("no-such-label") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path() / "public"));
}

TEST_CASE("screens: a label changed in locales/nl changes the Dutch pages and nothing else", "[screens]") {
  Built before;
  std::string ui = test::read_text(test::source_dir() / "locales/nl/ui.json");
  std::string from = R"("button-text": {"text": "Tekst")";
  REQUIRE(ui.find(from) != std::string::npos);
  ui.replace(ui.find(from), from.size(), R"("button-text": {"text": "Sms sturen")");
  Built after(test::example_config(), {{"locales/nl/ui.json", ui}});
  int dutch_changed = 0;
  for (const auto& e : fs::recursive_directory_iterator(after.out)) {
    if (e.path().extension() != ".html") continue;
    fs::path rel = e.path().lexically_relative(after.out);
    bool same = test::read_text(e.path()) == test::read_text(before.out / rel);
    bool dutch = rel.generic_string().find("/nl/") != std::string::npos;
    INFO(rel.generic_string());
    if (!dutch) CHECK(same);
    if (dutch && !same) ++dutch_changed;
  }
  CHECK(dutch_changed > 0);
  auto sms_doc = after.page("gemeente-lindewijk/nl/reset/index.html");
  auto sms = figures(sms_doc, "verify-sms", "RST.Vk.SMS");
  REQUIRE(sms.size() == 1);
  CHECK(all_text(sms[0]).find("Sms sturen") != std::string::npos);
}

TEST_CASE("screens: the example organisations' pictures differ exactly where their policies differ", "[screens]") {
  Built site;
  // A screen that shows nothing of the policy is the same picture for every organisation, once its
  // login example is set aside; the pick screen lists each one's own methods.
  std::map<std::string, std::string> who, done;
  std::map<std::string, std::set<std::string>> options;
  json config = test::example_config();
  for (const auto& org : config["organisations"]) {
    const std::string id = org["id"];
    auto doc = site.page(id + "/nl/reset/index.html");
    auto w = figures(doc, "enter-account", "RST.WHO");
    auto d = figures(doc, "done", "RST.END_RESET");
    auto p = figures(doc, "verify-first", "RST.Vk.PICK");
    REQUIRE((w.size() == 1 && d.size() == 1 && p.size() == 1));
    std::string text = all_text(w[0]);
    text.replace(text.find(org["login_example"].get<std::string>()), org["login_example"].get<std::string>().size(),
                 "");
    who[id] = text;
    done[id] = all_text(d[0]);
    for (const auto& n : p[0].select_nodes("descendant::p[contains(@class, 'screen-option')]"))
      options[id].insert(all_text(n.node()));
    CHECK(options[id].size() == org["policy"]["methods"].size());
  }
  CHECK(who["gemeente-lindewijk"] == who["ziekenhuis-rivierenland"]);
  CHECK(who["gemeente-lindewijk"] == who["zorggroep-noorderlicht"]);
  CHECK(done["gemeente-lindewijk"] == done["zorggroep-noorderlicht"]);
  CHECK(options["gemeente-lindewijk"] != options["ziekenhuis-rivierenland"]);
  // Ziekenhuis Rivierenland's four methods are four of Zorggroep Noorderlicht's six.
  for (const auto& o : options["ziekenhuis-rivierenland"]) CHECK(options["zorggroep-noorderlicht"].count(o) == 1);
}
