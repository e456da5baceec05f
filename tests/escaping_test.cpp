// Hostile values in the config and the prose reach the pages as text, never as markup: every page
// is parsed with pugixml and searched for anything a value could have injected.

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include "test_support.h"

using namespace manualgen;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Each is harmless as text and harmful as markup, a link, Markdown or a template.
const std::vector<std::string> kHostile = {
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>",  "' onmouseover='alert(3)",
    "javascript:alert(4)",       "[klik hier](javascript:alert(5))", "{{org.name}} {{{desk}}} {{#org}}x{{/org}}",
    "<b>vet</b> &amp; &lt;",
};

std::string hostile(size_t i) { return kHostile[i % kHostile.size()]; }

// The example's organisation with every free-text value made hostile, in turn.
json hostile_config() {
  json config = test::example_config();
  config["site"]["title"] = "Site " + hostile(0);
  json& org = config["organisations"][2];
  org["name"] = "Org " + hostile(1);
  org["login_example"] = hostile(2) + "@x.example.nl";
  org["servicedesk"]["phone"] = "050 555 " + hostile(0);
  org["servicedesk"]["hours"] = {{"nl", hostile(3)}, {"en", hostile(4)}};
  org["servicedesk"]["url"] = "https://desk.example.nl/?q=\"><script>alert(6)</script>";
  org["document"] = {{"version", hostile(5)}, {"owner", hostile(6)}};
  org["notes"] =
      json::array({{{"text", {{"nl", hostile(0)}, {"en", hostile(1)}}}},
                   {{"flow", "reset"}, {"step", "done"}, {"text", {{"nl", hostile(4)}, {"en", hostile(5)}}}}});
  org["licence_note"] = {{"nl", hostile(2) + " Business Premium"}, {"en", hostile(6) + " Business Premium"}};
  return config;
}

// Prose with raw HTML, a javascript: link and an autolink, and the placeholders that carry the
// hostile values into it, also into an image's alt text and title (attributes: the UI label's
// <span> and the servicedesk's links must become text there).
// (A line that starts with "<script>" is a whole raw HTML block, dropped before anything else.)
const std::string kHostileProse =
    "Let op: <script>alert(7)</script> <img src=x onerror=alert(8)> [klik](javascript:alert(9)) "
    "<javascript:alert(10)> {{org.name}} {{org.login-example}} {{desk.phone}} {{desk.hours}}\n\n"
    "![{{ui.next}} {{org.name}}](stap.png \"{{ui.next}} {{desk.contact}}\")\n\n";

struct HostileSite {
  test::ProjectFixture project{hostile_config()};
  fs::path out = project.dir() / "public";
  test::BuildRun run;
  HostileSite() {
    fs::path prose = project.dir() / "content/en/change.md";
    std::string text = test::read_text(prose);
    size_t step = text.find("## [open-password]");
    test::write_text(prose, text.substr(0, step) + kHostileProse + text.substr(step));
    run = test::build(project.config_path(), out.string());
  }
};

bool starts_with_script_scheme(std::string value) {
  value.erase(0, value.find_first_not_of(" \t\r\n"));
  for (auto& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value.rfind("javascript:", 0) == 0 || value.rfind("data:", 0) == 0 || value.rfind("vbscript:", 0) == 0;
}

std::string all_text(const pugi::xml_node& node) {
  std::string out;
  for (const auto& n : node.select_nodes(".//text()")) out += n.node().value();
  return out;
}

}  // namespace

TEST_CASE("hostile values in config and prose never become markup", "[escaping]") {
  HostileSite site;
  INFO(site.run.messages());
  REQUIRE(site.run.ok);

  int pages = 0;
  for (const auto& entry : fs::recursive_directory_iterator(site.out)) {
    if (entry.path().extension() != ".html") continue;
    ++pages;
    pugi::xml_document doc;
    auto parsed = doc.load_file(entry.path().c_str());
    INFO(entry.path().string() << ": " << parsed.description());
    REQUIRE(parsed);
    for (const auto& found : doc.select_nodes("//*")) {
      pugi::xml_node e = found.node();
      std::string name = e.name();
      // The one script is the theme's own, for the servicedesk page's filter and copy buttons.
      if (name == "script")
        CHECK(std::string(e.attribute("src").value()).find("assets/servicedesk.js") != std::string::npos);
      if (name == "script") CHECK(std::string(e.text().get()).empty());
      CHECK(name != "iframe");
      CHECK(name != "b");
      if (name == "img") CHECK(std::string(e.attribute("src").value()) != "x");
      for (const auto& a : e.attributes()) {
        std::string attr = a.name();
        INFO(name << " " << attr << "=\"" << a.value() << "\"");
        CHECK(attr.rfind("on", 0) != 0);
        CHECK_FALSE(starts_with_script_scheme(a.value()));
      }
    }
  }
  CHECK(pages > 20);

  // The values are there, as text.
  const fs::path org = site.out / "zorggroep-noorderlicht";
  pugi::xml_document landing;
  REQUIRE(landing.load_file((org / "nl/index.html").c_str()));
  std::string text = all_text(landing);
  CHECK(text.find("Org " + hostile(1)) != std::string::npos);
  CHECK(text.find(hostile(0)) != std::string::npos);
  CHECK(text.find(hostile(3)) != std::string::npos);
  std::string source = test::read_text(org / "nl/index.html");
  CHECK(source.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(source.find("{{org.name}} {{{desk}}}") == std::string::npos);  // in the manual only

  pugi::xml_document change;
  REQUIRE(change.load_file((org / "en/change/index.html").c_str()));
  std::string prose = all_text(change.select_node("//li[@id='open-my-account']").node());
  INFO(prose);
  CHECK(prose.find("Org " + hostile(1)) != std::string::npos);           // {{org.name}} filled in, as text
  CHECK(prose.find(hostile(2) + "@x.example.nl") != std::string::npos);  // {{org.login-example}}
  CHECK(prose.find(hostile(4)) != std::string::npos);                    // {{desk.hours}}
  // Raw HTML tags are dropped (cmark-gfm safe mode); the text between them stays text.
  CHECK(test::read_text(org / "en/change/index.html").find("<!-- raw HTML omitted -->") != std::string::npos);
  CHECK(prose.find("klik") != std::string::npos);  // the link's text stays, its javascript: address not
  pugi::xml_node image = change.select_node("//img[@src='stap.png']").node();
  CHECK(std::string(image.attribute("alt").value()) == "Next Org " + hostile(1));
  CHECK(std::string(image.attribute("title").value()).rfind("Next ", 0) == 0);

  pugi::xml_document manual;
  REQUIRE(manual.load_file((org / "en/manual.html").c_str()));
  CHECK(all_text(manual).find(hostile(5)) != std::string::npos);  // document version, mustache and all

  // links.json is JSON whatever the names hold.
  auto links = json::parse(test::read_text(org / "en/links.json"));
  CHECK(links.size() > 10);
  // The servicedesk URL keeps its quotes and brackets inside the attribute.
  CHECK(landing.select_node("//a[@href='https://desk.example.nl/?q=\"><script>alert(6)</script>']"));
}

TEST_CASE("config URLs are limited to https:, mailto: and tel:", "[escaping]") {
  for (const char* url : {"javascript:alert(1)", "http://desk.example.nl/", "data:text/html,x", " https://x.nl/"}) {
    json config = test::example_config();
    config["organisations"][0]["servicedesk"]["url"] = url;
    test::ProjectFixture project(config);
    auto run = test::build(project.config_path(), (project.dir() / "public").string());
    INFO(url << "\n" << run.messages());
    CHECK_FALSE(run.ok);
    CHECK(run.messages().find("must start with https://") != std::string::npos);
  }
}

TEST_CASE("a right-to-left override in a name is refused with its location", "[escaping]") {
  json config = test::example_config();
  config["organisations"][1]["name"] = "Gemeente \u202Edrowtaw\u202C";
  test::ProjectFixture project(config);
  auto run = test::build(project.config_path(), (project.dir() / "public").string());
  CHECK_FALSE(run.ok);
  CHECK(run.messages().find("contains U+202E") != std::string::npos);
  CHECK(run.messages().find("(at /organisations/1/name)") != std::string::npos);
}
