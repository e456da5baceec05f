// End to end: the example site built into a temporary folder, and the manualgen program itself.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <thread>

#include "test_support.h"

using namespace manualgen;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Every id="…" in a page.
std::set<std::string> ids_of(const pugi::xml_document& doc) {
  std::set<std::string> out;
  for (const auto& node : doc.select_nodes("//*[@id]")) out.insert(node.node().attribute("id").value());
  return out;
}

pugi::xml_document parse(const fs::path& page) {
  pugi::xml_document doc;
  auto result = doc.load_file(page.c_str());
  INFO(page.string() << ": " << result.description() << " at offset " << result.offset);
  REQUIRE(result);
  return doc;
}

struct ExampleSite {
  test::TempDir tmp;
  fs::path out = tmp.path() / "public";
  test::BuildRun run = test::build((test::source_dir() / "site-config.json").string(), out.string());
};

std::vector<fs::path> html_pages(const fs::path& root) {
  std::vector<fs::path> pages;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.path().extension() == ".html") pages.push_back(e.path());
  return pages;
}

}  // namespace

TEST_CASE("the example site builds and every page is well-formed XML with a lang", "[build]") {
  ExampleSite site;
  INFO(site.run.messages());
  REQUIRE(site.run.ok);
  CHECK(site.run.diags.all().empty());
  auto pages = html_pages(site.out);
  CHECK(pages.size() == 33);
  for (const auto& page : pages) {
    auto doc = parse(page);
    INFO(page);
    CHECK(std::string(doc.child("html").attribute("lang").value()).size() >= 2);
  }
  for (const char* rel : {"index.html", "assets/style.css", "assets/print.css", "gemeente-lindewijk/logo.svg",
                          "gemeente-lindewijk/nl/index.html", "gemeente-lindewijk/nl/manual.html",
                          "gemeente-lindewijk/nl/links.json", "zorggroep-noorderlicht/en/unlock/index.html"})
    CHECK(fs::exists(site.out / rel));
}

TEST_CASE("step anchors are identical in every locale", "[build]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  for (const char* org : {"ziekenhuis-rivierenland", "zorggroep-noorderlicht"}) {
    for (const char* flow : {"register", "reset", "change"}) {
      auto nl = ids_of(parse(site.out / org / "nl" / flow / "index.html"));
      auto en = ids_of(parse(site.out / org / "en" / flow / "index.html"));
      INFO(org << " " << flow);
      CHECK(nl == en);
      CHECK(nl.count("open-portal") + nl.count("open-security-info") + nl.count("open-my-account") == 1);
    }
  }
}

TEST_CASE("the organisation without unlock has no unlock page or landing entry", "[build]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  CHECK_FALSE(fs::exists(site.out / "ziekenhuis-rivierenland/nl/unlock"));
  auto landing = parse(site.out / "ziekenhuis-rivierenland/nl/index.html");
  CHECK(landing.select_nodes("//a[contains(@href, 'unlock')]").empty());
  auto with_unlock = parse(site.out / "zorggroep-noorderlicht/nl/index.html");
  CHECK(with_unlock.select_nodes("//a[@href='unlock/index.html']").size() == 1);
  auto unlock = parse(site.out / "zorggroep-noorderlicht/nl/unlock/index.html");
  CHECK(unlock.select_node("//*[@id='unlocked']"));
  CHECK_FALSE(unlock.select_node("//*[@id='new-password']"));
}

TEST_CASE("two verification steps only where two methods are required", "[build]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  auto two = parse(site.out / "ziekenhuis-rivierenland/nl/reset/index.html");
  REQUIRE(two.select_node("//li[@id='verify-second']"));
  CHECK(std::string(two.select_node("//li[@id='verify-second']//span[@class='step-number']").node().text().get()) ==
        "Stap 4");
  auto one = parse(site.out / "gemeente-lindewijk/nl/reset/index.html");
  CHECK_FALSE(one.select_node("//li[@id='verify-second']"));
  auto text = test::read_text(site.out / "gemeente-lindewijk/nl/reset/index.html");
  CHECK(text.find("verificatiestap 2") == std::string::npos);
}

TEST_CASE("password length, phone hint and contacts come from the config", "[build]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  auto hospital = parse(site.out / "ziekenhuis-rivierenland/nl/reset/index.html");
  std::string new_password = hospital.select_node("//li[@id='new-password']").node().child("div").text().get();
  auto prose = hospital.select_node("//li[@id='new-password']/div[@class='prose']");
  std::string all_text;
  for (const auto& n : prose.node().select_nodes(".//text()")) all_text += n.node().value();
  CHECK(all_text.find("16") != std::string::npos);
  std::string sms;
  for (const auto& n : hospital.select_nodes("//section[@id='verify-sms']//text()")) sms += n.node().value();
  CHECK(sms.find("zonder landcode") != std::string::npos);
  CHECK(hospital.select_node("//a[@href='tel:03445550190']"));

  std::string town = test::read_text(site.out / "gemeente-lindewijk/nl/reset/index.html");
  CHECK(town.find("met landcode") != std::string::npos);
  CHECK(town.find("--brand: #0b5394") != std::string::npos);
}

TEST_CASE("links.json lists every step and choice with an absolute URL that resolves", "[build]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  auto links = json::parse(test::read_text(site.out / "ziekenhuis-rivierenland/en/links.json"));
  REQUIRE(links.size() > 20);
  const std::string base = "https://handleidingen.example.nl/";
  for (const auto& link : links) {
    std::string url = link["url"];
    INFO(url);
    REQUIRE(url.rfind(base, 0) == 0);
    auto hash = url.find('#');
    fs::path page = site.out / url.substr(base.size(), hash - base.size()) / "index.html";
    CHECK(url.substr(hash + 1) == link["id"].get<std::string>());
    CHECK(ids_of(parse(page)).count(link["id"]));
    CHECK_FALSE(link["title"].get<std::string>().empty());
  }
  bool sms = false;
  for (const auto& link : links) sms = sms || link["url"] == base + "ziekenhuis-rivierenland/en/reset/#verify-sms";
  CHECK(sms);
}

TEST_CASE("every internal link and fragment on the site resolves", "[build]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  int checked = 0;
  for (const auto& page : html_pages(site.out)) {
    auto doc = parse(page);
    for (const auto& node : doc.select_nodes("//a[@href] | //link[@href] | //img[@src]")) {
      std::string href =
          node.node().attribute("href") ? node.node().attribute("href").value() : node.node().attribute("src").value();
      if (href.find(':') != std::string::npos) continue;  // https:, tel:, mailto:
      auto hash = href.find('#');
      std::string path = href.substr(0, hash);
      fs::path target = path.empty() ? page : (page.parent_path() / path).lexically_normal();
      INFO(page << " → " << href);
      REQUIRE(fs::exists(target));
      if (hash != std::string::npos) CHECK(ids_of(parse(target)).count(href.substr(hash + 1)));
      ++checked;
    }
  }
  CHECK(checked > 500);
}

TEST_CASE("the manual page has a title page, contents and every flow with unique ids", "[build]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  auto doc = parse(site.out / "zorggroep-noorderlicht/nl/manual.html");
  CHECK(std::string(doc.select_node("//p[@class='title-org']").node().text().get()) == "Zorggroep Noorderlicht");
  std::string info;
  for (const auto& n : doc.select_nodes("//dl[@class='document-info']//text()")) info += n.node().value();
  CHECK(info.find("1.1") != std::string::npos);
  CHECK(info.find("30 september 2026") != std::string::npos);
  CHECK(doc.select_nodes("//nav[@class='toc']/ol/li").size() == 4);
  for (const char* id : {"register", "reset", "unlock", "change", "reset-verify-sms", "unlock-verify-sms"})
    CHECK(doc.select_node(("//*[@id='" + std::string(id) + "']").c_str()));
  std::multiset<std::string> all;
  for (const auto& n : doc.select_nodes("//*[@id]")) all.insert(n.node().attribute("id").value());
  for (const auto& id : all) CHECK(all.count(id) == 1);
}

TEST_CASE("a fourth organisation added to the config alone comes out right", "[build]") {
  json config = test::example_config();
  config["organisations"].push_back({
      {"id", "waterschap-veenmeer"},
      {"name", "Waterschap Veenmeer"},
      {"locales", {"en"}},
      {"brand", {{"primary", "#7a3b00"}, {"on_primary", "#ffffff"}}},
      {"servicedesk", {{"email", "helpdesk@veenmeer.example.nl"}}},
      {"login_example", "k.visser@veenmeer.example.nl"},
      {"policy",
       {{"methods", {"app_code", "email", "questions"}},
        {"methods_required", 2},
        {"unlock", true},
        {"min_password_length", 14},
        {"security_questions", {{"register", 5}, {"reset", 4}}},
        {"lockout_threshold", 5}}},
  });
  test::ProjectFixture fixture(config);
  test::TempDir tmp;
  auto run = test::build(fixture.config_path(), (tmp.path() / "public").string());
  INFO(run.messages());
  REQUIRE(run.ok);
  const fs::path org = tmp.path() / "public/waterschap-veenmeer/en";
  for (const char* flow : {"register", "reset", "unlock", "change"}) CHECK(fs::exists(org / flow / "index.html"));
  auto reset = parse(org / "reset/index.html");
  CHECK(reset.select_node("//section[@id='verify-app-code']"));
  CHECK(reset.select_node("//section[@id='verify-questions']"));
  CHECK_FALSE(reset.select_node("//section[@id='verify-sms']"));
  CHECK(reset.select_node("//li[@id='verify-second']"));
  std::string text = test::read_text(org / "reset/index.html");
  CHECK(text.find("--brand: #7a3b00") != std::string::npos);
  CHECK(text.find("14") != std::string::npos);
  std::string unlock = test::read_text(org / "unlock/index.html");
  CHECK(unlock.find("5") != std::string::npos);
  auto index = parse(tmp.path() / "public/index.html");
  CHECK(index.select_node("//a[@href='waterschap-veenmeer/en/index.html']"));
}

TEST_CASE("two builds of the same input are byte-identical", "[build]") {
  ExampleSite first;
  ExampleSite second;
  REQUIRE(first.run.ok);
  REQUIRE(second.run.ok);
  int compared = 0;
  for (const auto& e : fs::recursive_directory_iterator(first.out)) {
    if (!e.is_regular_file()) continue;
    auto rel = fs::relative(e.path(), first.out);
    CHECK(test::read_text(e.path()) == test::read_text(second.out / rel));
    ++compared;
  }
  CHECK(compared > 30);
}

TEST_CASE("manualgen build: bad input exits 2 with located errors and leaves the site as it was", "[cli]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  std::string output;
  std::string config = (test::source_dir() / "site-config.json").string();
  REQUIRE(test::run_manualgen("build --config " + config + " --out " + out.string(), output) == 0);
  CHECK(output.find("manualgen: 44 files in " + out.string() +
                    "/ (44 written, 0 unchanged, 0 removed), 3 organisations") != std::string::npos);
  const auto before = test::read_text(out / "gemeente-lindewijk/nl/reset/index.html");
  const auto mtime = fs::last_write_time(out / "gemeente-lindewijk/nl/reset/index.html");

  json bad = test::example_config();
  bad["organisations"][0]["policy"]["methods"] = json::array({"email", "sms", "pigeon"});
  bad["organisations"][1]["locales"] = json::array({"nl", "fr"});
  bad["organisations"][2]["id"] = "gemeente-lindewijk";
  test::ProjectFixture fixture(bad);
  int status = test::run_manualgen("build --config " + fixture.config_path() + " --out " + out.string(), output);
  CHECK(status == 2);
  CHECK(output.find("site-config.json:") != std::string::npos);
  CHECK(output.find("unknown verification method \"pigeon\" (at /organisations/0/policy/methods/2)") !=
        std::string::npos);
  CHECK(output.find("unknown locale \"fr\" (at /organisations/1/locales/1)") != std::string::npos);
  CHECK(output.find("duplicate organisation id \"gemeente-lindewijk\" (at /organisations/2/id)") != std::string::npos);
  // An unknown locale is reported once, not again for each per-locale text it lacks.
  CHECK(output.find("build failed with 3 errors") != std::string::npos);
  CHECK(test::read_text(out / "gemeente-lindewijk/nl/reset/index.html") == before);
  CHECK(fs::last_write_time(out / "gemeente-lindewijk/nl/reset/index.html") == mtime);
  CHECK(fs::exists(out / "zorggroep-noorderlicht/nl/unlock/index.html"));
}

TEST_CASE("manualgen build: a JSON syntax error names file, line and column", "[cli]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "site-config.json", "{\n  \"site\": {\n    \"title\": \"x\",\n  }\n}\n");
  std::string output;
  int status = test::run_manualgen(
      "build --config " + (tmp.path() / "site-config.json").string() + " --out " + (tmp.path() / "public").string(),
      output);
  CHECK(status == 2);
  CHECK(output.find("site-config.json:4:3: error: invalid JSON") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path() / "public"));
}

TEST_CASE("manualgen: usage errors exit 2", "[cli]") {
  std::string output;
  CHECK(test::run_manualgen("build --no-such-flag", output) == 2);
  CHECK(test::run_manualgen("", output) == 2);
  CHECK(test::run_manualgen("build --help", output) == 0);
  CHECK(output.find("--org") != std::string::npos);
}

TEST_CASE("manualgen build --org rebuilds one organisation and keeps the others", "[cli]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  std::string config = (test::source_dir() / "site-config.json").string();
  std::string output;
  REQUIRE(test::run_manualgen("build --config " + config + " --out " + out.string(), output) == 0);
  REQUIRE(test::run_manualgen("build --config " + config + " --out " + out.string() + " --org gemeente-lindewijk",
                              output) == 0);
  CHECK(output.find("1 organisation (1 organisation-locale rendered)") != std::string::npos);
  CHECK(fs::exists(out / "zorggroep-noorderlicht/nl/unlock/index.html"));
  CHECK(fs::exists(out / "gemeente-lindewijk/nl/reset/index.html"));
  CHECK(test::run_manualgen("build --config " + config + " --out " + out.string() + " --org gemeente-lindewyk",
                            output) == 2);
  CHECK(output.find("did you mean \"gemeente-lindewijk\"") != std::string::npos);
}

TEST_CASE("manualgen build: an unknown --org or --locale exits 2, names it and writes nothing", "[cli]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  const std::string build =
      "build --config " + (test::source_dir() / "site-config.json").string() + " --out " + out.string();
  std::string output;
  CHECK(test::run_manualgen(build + " --org nosuch", output) == 2);
  CHECK(output.find("manualgen: error: --org nosuch: no such organisation in ") != std::string::npos);
  CHECK(output.find("hint: organisations: \"gemeente-lindewijk\", \"ziekenhuis-rivierenland\" and "
                    "\"zorggroep-noorderlicht\"") != std::string::npos);
  CHECK(test::run_manualgen(build + " --locale xx", output) == 2);
  CHECK(output.find("manualgen: error: --locale xx: no such locale\n  hint: locales are the folders of locales/") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

namespace {

// Modification time of every file of a site, by path.
std::map<std::string, fs::file_time_type> mtimes(const fs::path& root) {
  std::map<std::string, fs::file_time_type> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) out[fs::relative(e.path(), root).string()] = e.last_write_time();
  return out;
}

}  // namespace

TEST_CASE("a rebuild with no change writes nothing", "[build][incremental]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  auto first = test::build((test::source_dir() / "site-config.json").string(), out.string());
  REQUIRE(first.ok);
  CHECK(first.summary.written == first.summary.pages);
  auto before = mtimes(out);
  auto second = test::build((test::source_dir() / "site-config.json").string(), out.string());
  REQUIRE(second.ok);
  CHECK(second.summary.written == 0);
  CHECK(second.summary.rendered == 0);
  CHECK(second.summary.pages == first.summary.pages);
  CHECK(mtimes(out) == before);
}

TEST_CASE("changing one organisation rewrites only its files", "[build][incremental]") {
  json config = test::example_config();
  test::ProjectFixture fixture(config);
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  REQUIRE(test::build(fixture.config_path(), out.string()).ok);
  auto before = mtimes(out);

  config["organisations"][1]["servicedesk"]["phone"] = "0344 555 0199";
  test::write_text(fixture.config_path(), config.dump(2));
  auto run = test::build(fixture.config_path(), out.string());
  INFO(run.messages());
  REQUIRE(run.ok);
  CHECK(run.summary.rendered == 2);  // the hospital's nl and en
  auto after = mtimes(out);
  REQUIRE(after.size() == before.size());
  int changed = 0;
  for (const auto& [path, time] : after) {
    if (time == before.at(path)) continue;
    ++changed;
    INFO(path);
    CHECK((path.rfind("ziekenhuis-rivierenland/", 0) == 0 || path == ".manualgen-state.json" ||
           path == ".manualgen-inputs.json"));
  }
  CHECK(changed > 5);
  CHECK(run.summary.written == changed - 2);  // all but the state and the record of the inputs
  CHECK(test::read_text(out / "ziekenhuis-rivierenland/nl/index.html").find("0344 555 0199") != std::string::npos);
}

TEST_CASE("organisations left out by --org after a theme change are rendered by the next build",
          "[build][incremental]") {
  test::ProjectFixture fixture(test::example_config());
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  const std::string args = " --config " + fixture.config_path() + " --out " + out.string();
  std::string output;
  REQUIRE(test::run_manualgen("build" + args, output) == 0);
  const fs::path landing = fixture.dir() / "themes/default/templates/landing.mustache";
  std::string text = test::read_text(landing);
  const std::string heading = "<h1>{{t.landing-title}}</h1>";
  REQUIRE(text.find(heading) != std::string::npos);
  text.replace(text.find(heading), heading.size(), "<h1 class=\"changed\">{{t.landing-title}}</h1>");
  test::write_text(landing, text);
  auto changed = [&](const std::string& page) {
    return test::read_text(out / page).find("<h1 class=\"changed\">") != std::string::npos;
  };

  REQUIRE(test::run_manualgen("build --org gemeente-lindewijk" + args, output) == 0);
  CHECK(changed("gemeente-lindewijk/nl/index.html"));
  CHECK_FALSE(changed("ziekenhuis-rivierenland/nl/index.html"));  // left out, as asked
  REQUIRE(test::run_manualgen("build" + args, output) == 0);
  INFO(output);
  CHECK(output.find("4 organisation-locales rendered") != std::string::npos);
  for (const char* page : {"ziekenhuis-rivierenland/nl/index.html", "ziekenhuis-rivierenland/en/index.html",
                           "zorggroep-noorderlicht/nl/index.html", "zorggroep-noorderlicht/en/index.html"})
    CHECK(changed(page));
}

TEST_CASE("a flow no longer published and an organisation removed disappear from the site", "[build][incremental]") {
  json config = test::example_config();
  test::ProjectFixture fixture(config);
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  REQUIRE(test::build(fixture.config_path(), out.string()).ok);
  test::write_text(out / "gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf", "made by the PDF step");

  config["organisations"][0]["flows"] = json::array({"reset", "change"});
  config["organisations"].erase(2);
  test::write_text(fixture.config_path(), config.dump(2));
  auto run = test::build(fixture.config_path(), out.string());
  INFO(run.messages());
  REQUIRE(run.ok);
  CHECK_FALSE(fs::exists(out / "gemeente-lindewijk/nl/register"));
  CHECK(fs::exists(out / "gemeente-lindewijk/nl/reset/index.html"));
  CHECK_FALSE(fs::exists(out / "zorggroep-noorderlicht"));
  // Lindewijk's register page; Noorderlicht's 2 locales × (4 flows, landing, manual, servicedesk,
  // links.json) and logo.
  CHECK(run.summary.removed == 1 + 2 * 8 + 1);
  // Files the build did not make are not its to remove.
  CHECK(fs::exists(out / "gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf"));
  auto index = parse(out / "index.html");
  CHECK_FALSE(index.select_node("//a[contains(@href, 'zorggroep-noorderlicht')]"));
}

TEST_CASE("a rebuild finds nothing changed without loading; any changed input makes it load", "[build][incremental]") {
  json config = test::example_config();
  test::ProjectFixture fixture(config);
  test::TempDir tmp;
  const std::string build = "build -v --config " + fixture.config_path() + " --out " + (tmp.path() / "public").string();
  const std::string skipped = "nothing was loaded";
  std::string output;
  auto rebuild = [&] {
    REQUIRE(test::run_manualgen(build, output) == 0);
    INFO(output);
    return output;
  };
  REQUIRE(rebuild().find("(5 organisation-locales rendered)") != std::string::npos);
  CHECK(rebuild().find(skipped) != std::string::npos);
  CHECK(output.find("44 files") != std::string::npos);  // the summary, from the record
  CHECK(output.find("(0 written, 38 unchanged") != std::string::npos);

  // A logo with other bytes (same size): its organisation is rendered again.
  const fs::path logo = fixture.dir() / "assets/logos/rivierenland.svg";
  std::string svg = test::read_text(logo);
  REQUIRE(svg.find('#') != std::string::npos);
  svg[svg.find('#') + 1] = svg[svg.find('#') + 1] == '0' ? '1' : '0';
  test::write_text(logo, svg);
  CHECK(rebuild().find(skipped) == std::string::npos);
  CHECK(output.find("(2 organisation-locales rendered)") != std::string::npos);
  CHECK(rebuild().find(skipped) != std::string::npos);

  // A new file in content/ changes no page, but is an input: loaded and compared, then recorded.
  test::write_text(fixture.dir() / "content/NOTES.txt", "for the editors\n");
  CHECK(rebuild().find(skipped) == std::string::npos);
  CHECK(output.find("(0 written") != std::string::npos);
  CHECK(rebuild().find(skipped) != std::string::npos);

  // The config with other whitespace: the same.
  test::write_text(fixture.config_path(), config.dump(4));
  CHECK(rebuild().find(skipped) == std::string::npos);
  CHECK(rebuild().find(skipped) != std::string::npos);

  // A build of one organisation records nothing: the next build loads and compares everything.
  REQUIRE(test::run_manualgen(build + " --org gemeente-lindewijk", output) == 0);
  CHECK(output.find(skipped) == std::string::npos);
  CHECK(rebuild().find(skipped) == std::string::npos);
  CHECK(rebuild().find(skipped) != std::string::npos);
}

TEST_CASE("building on 1 or on 4 threads gives byte-identical output", "[build][parallel]") {
  test::TempDir tmp;
  std::string config = (test::source_dir() / "site-config.json").string();
  std::string output;
  REQUIRE(test::run_manualgen("build -q -j 1 --config " + config + " --out " + (tmp.path() / "one").string(), output) ==
          0);
  REQUIRE(test::run_manualgen("build -q -j 4 --config " + config + " --out " + (tmp.path() / "four").string(),
                              output) == 0);
  int compared = 0;
  for (const auto& e : fs::recursive_directory_iterator(tmp.path() / "one")) {
    if (!e.is_regular_file()) continue;
    auto rel = fs::relative(e.path(), tmp.path() / "one");
    INFO(rel);
    CHECK(test::read_text(e.path()) == test::read_text(tmp.path() / "four" / rel));
    ++compared;
  }
  CHECK(compared > 35);
}

TEST_CASE("a declared redirect keeps a renamed step's deep links working", "[build][links]") {
  std::string reset = test::read_text(test::source_dir() / "content/flows/reset.json");
  json structure = json::parse(reset);
  structure["redirects"] = {{"verify-text", "verify-sms"}, {"choose-method", "verify-first"}};
  test::ProjectFixture fixture(test::example_config(), {{"content/flows/reset.json", structure.dump(2)}});
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  auto run = test::build(fixture.config_path(), out.string());
  INFO(run.messages());
  REQUIRE(run.ok);
  auto page = parse(out / "gemeente-lindewijk/nl/reset/index.html");
  // The old ids sit inside the step and choice they now lead to.
  CHECK(std::string(page.select_node("//*[@id='verify-text']").node().parent().attribute("id").value()) ==
        "verify-sms");
  CHECK(std::string(page.select_node("//*[@id='choose-method']").node().parent().attribute("id").value()) ==
        "verify-first");
  auto manual = parse(out / "gemeente-lindewijk/nl/manual.html");
  CHECK(manual.select_node("//*[@id='reset-verify-text']"));

  // The link checker's baseline: the old servicedesk link still resolves.
  const std::string old_link = "https://handleidingen.example.nl/gemeente-lindewijk/nl/reset/#verify-text";
  test::write_text(
      tmp.path() / "old-links.json",
      json::array({{{"id", "verify-text"}, {"flow", "reset"}, {"title", "Via sms"}, {"url", old_link}}}).dump());
  std::string output;
  const std::string rules = " --rules " + (test::source_dir() / "checks/links.json").string();
  std::string check = "check links --offline --site " + out.string() + rules + " --baseline " +
                      (tmp.path() / "old-links.json").string();
  CHECK(test::run_manualgen(check, output) == 0);

  // Without the redirect the same baseline is broken.
  test::TempDir plain;
  REQUIRE(test::build((test::source_dir() / "site-config.json").string(), (plain.path() / "public").string()).ok);
  CHECK(test::run_manualgen("check links --offline --site " + (plain.path() / "public").string() + rules +
                                " --baseline " + (tmp.path() / "old-links.json").string(),
                            output) == 1);
  CHECK(output.find("verify-text") != std::string::npos);
}

TEST_CASE("a redirect must lead from an unused id to a step of the flow", "[build][links]") {
  json structure = json::parse(test::read_text(test::source_dir() / "content/flows/reset.json"));
  structure["redirects"] = {{"verify-sms", "verify-call"}, {"old-step", "no-such-step"}};
  test::ProjectFixture fixture(test::example_config(), {{"content/flows/reset.json", structure.dump(2)}});
  test::TempDir tmp;
  auto run = test::build(fixture.config_path(), (tmp.path() / "public").string());
  CHECK_FALSE(run.ok);
  CHECK(run.messages().find("redirect from \"verify-sms\", which is still an id of this flow") != std::string::npos);
  CHECK(run.messages().find("redirect to \"no-such-step\", which is no step or choice of this flow") !=
        std::string::npos);
}

namespace {

// `manualgen build --watch …` in the background with its output in `log`; stopped (SIGTERM) when
// the test ends, however it ends.
class Watcher {
 public:
  Watcher(const std::string& config, const fs::path& out, const fs::path& log) {
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execl(MANUALGEN_BINARY, "manualgen", "build", "--watch", "--interval", "20", "--config", config.c_str(),
              "--out", out.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~Watcher() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;
  bool started() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

// Polls `done` every 20 ms for up to 20 s: the watcher's builds take milliseconds, but the machine
// may be busy. A bound, not a measurement: the test asserts what happens, not how fast.
template <typename F>
bool eventually(F done) {
  for (int i = 0; i < 1000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("build --watch builds again when an input changes, and reports bad input without stopping", "[cli]") {
  test::ProjectFixture fixture(test::example_config());
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  const fs::path log = tmp.path() / "watch.log";
  const fs::path page = out / "gemeente-lindewijk/nl/reset/index.html";
  const fs::path prose = fixture.dir() / "content/nl/reset.md";
  Watcher watcher(fixture.config_path(), out, log);
  REQUIRE(watcher.started());
  auto log_has = [&](const std::string& what, int times) {
    return fs::exists(log) && count_of(test::read_text(log), what) >= times;
  };
  REQUIRE(eventually([&] { return log_has("manualgen: watching", 1); }));
  REQUIRE(fs::exists(page));

  // An edit to the prose: the page follows.
  std::string text = test::read_text(prose);
  const std::string heading = "Kies een nieuw wachtwoord";
  REQUIRE(text.find(heading) != std::string::npos);
  text.replace(text.find(heading), heading.size(), "Kies een ander wachtwoord");
  test::write_text(prose, text);
  CHECK(eventually([&] { return test::read_text(page).find("Kies een ander wachtwoord") != std::string::npos; }));

  // A broken config: its error is printed, the site stays, the watcher goes on.
  const std::string config = test::read_text(fixture.config_path());
  test::write_text(fixture.config_path(), "{ \"site\": ");
  CHECK(eventually([&] { return log_has("build failed with 1 error", 1); }));
  CHECK(test::read_text(log).find("site-config.json:1:") != std::string::npos);
  CHECK(test::read_text(page).find("Kies een ander wachtwoord") != std::string::npos);

  // Fixed: built again.
  test::write_text(fixture.config_path(), config);
  auto built_after_failure = [&] {
    const std::string all = test::read_text(log);
    const size_t failed = all.rfind("build failed");
    return failed != std::string::npos && all.find(" files in ", failed) != std::string::npos;
  };
  CHECK(eventually(built_after_failure));
}
