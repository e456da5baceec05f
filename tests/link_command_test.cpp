// End to end: `manualgen check links --offline` on the example site, as CI runs it.

#include <algorithm>
#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

struct ExampleSite {
  test::TempDir tmp;
  fs::path out = tmp.path() / "public";
  test::BuildRun run = test::build((test::source_dir() / "site-config.json").string(), out.string());

  std::string check(const std::string& extra, int& status) const {
    std::string output;
    status = test::run_manualgen("check links --offline --site '" + out.string() + "' --rules '" +
                                     (test::source_dir() / "checks/links.json").string() + "' " + extra,
                                 output);
    return output;
  }
};

// Removes the element with `id` from `page`, keeping every other line where it was.
void remove_element(const fs::path& page, const std::string& id) {
  pugi::xml_document doc;
  REQUIRE(doc.load_file(page.c_str(), pugi::parse_full | pugi::parse_ws_pcdata));
  auto node = doc.find_node([&](const pugi::xml_node& n) { return id == n.attribute("id").value(); });
  REQUIRE(node);
  node.parent().remove_child(node);
  REQUIRE(doc.save_file(page.c_str(), "", pugi::format_raw | pugi::format_no_declaration));
}

int line_of(const fs::path& page, const std::string& text) {
  std::istringstream in(test::read_text(page));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(text) != std::string::npos) return n;
  return 0;
}

}  // namespace

TEST_CASE("check links --offline passes on the example site and fails at the line of a broken deep link",
          "[links][command]") {
  ExampleSite site;
  INFO(site.run.messages());
  REQUIRE(site.run.ok);
  int status = -1;
  std::string output = site.check("", status);
  INFO(output);
  CHECK(status == 0);
  CHECK_THAT(output, Catch::Contains("manualgen check links: 0 errors, 0 warnings ("));
  CHECK_THAT(output, Catch::Contains(" 0 requests made"));

  fs::path page = site.out / "gemeente-lindewijk/nl/reset/index.html";
  fs::copy_file(site.out / "gemeente-lindewijk/nl/links.json", site.tmp.path() / "old-links.json");
  remove_element(page, "verify-sms");
  int line = line_of(page, "href=\"#verify-sms\"");
  REQUIRE(line > 0);
  output = site.check("--baseline '" + (site.tmp.path() / "old-links.json").string() + "'", status);
  INFO(output);
  CHECK(status == 1);
  CHECK_THAT(output, Catch::Contains("gemeente-lindewijk/nl/reset/index.html:" + std::to_string(line) +
                                     ": error [missing-fragment] #verify-sms"));
  CHECK_THAT(output, Catch::Contains("error [baseline-anchor] servicedesk link "
                                     "https://handleidingen.example.nl/gemeente-lindewijk/nl/reset/#verify-sms"));
}

TEST_CASE("check links reports a page's link to a local file as an error, offline too", "[links][command]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  fs::path page = site.out / "gemeente-lindewijk/nl/index.html";
  std::string html = test::read_text(page);
  html.replace(html.find("</main>"), 7, "<p><a href=\"file:///etc/passwd\">a</a></p></main>");
  test::write_text(page, html);
  int status = -1;
  std::string output = site.check("", status);
  INFO(output);
  CHECK(status == 1);
  CHECK_THAT(output,
             Catch::Contains("gemeente-lindewijk/nl/index.html:" + std::to_string(line_of(page, "file:///etc/passwd")) +
                             ": error [local-scheme] <a> leads to \"file:///etc/passwd\", a file: address"));
}

TEST_CASE("check links writes JUnit for CI and keeps the summary on stderr", "[links][command]") {
  ExampleSite site;
  REQUIRE(site.run.ok);
  fs::path junit = site.tmp.path() / "links.xml";
  int status = -1;
  std::string output = site.check("--format junit --output '" + junit.string() + "'", status);
  INFO(output);
  CHECK(status == 0);
  CHECK_THAT(output, Catch::StartsWith("manualgen check links: 0 errors"));
  pugi::xml_document doc;
  REQUIRE(doc.load_file(junit.c_str()));
  CHECK(std::string(doc.child("testsuites").attribute("failures").value()) == "0");
  // One suite per page.
  auto pages = std::count_if(fs::recursive_directory_iterator(site.out), fs::recursive_directory_iterator(),
                             [](const fs::directory_entry& e) { return e.path().extension() == ".html"; });
  CHECK(std::distance(doc.child("testsuites").children("testsuite").begin(),
                      doc.child("testsuites").children("testsuite").end()) == pages);
}

TEST_CASE("check links: bad input is exit 2", "[links][command]") {
  test::TempDir dir;
  std::string output;
  CHECK(test::run_manualgen("check links --offline --site '" + (dir.path() / "nothing").string() + "' --rules '" +
                                (test::source_dir() / "checks/links.json").string() + "'",
                            output) == 2);
  CHECK_THAT(output, Catch::Contains("there is no site folder here"));
  CHECK(test::run_manualgen("check links --offline --format yaml", output) == 2);
  CHECK(test::run_manualgen("check links --offline --rules '" + (dir.path() / "none.json").string() + "'", output) ==
        2);
  CHECK_THAT(output, Catch::Contains("cannot read the rules"));
}
