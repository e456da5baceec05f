// The checker on small sites written here: internal links and fragments with page and line,
// external URLs asked once each (a fake fetcher, and a real server counting requests), the
// cache, the baseline of servicedesk links, and the report formats CI reads.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "checks/links/link_checker.h"
#include "http_test_server.h"
#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

// Line 3 onwards of the landing page are its links, one per line; `external` comes last.
std::string landing_page(const std::string& external) {
  return "<html><head><link rel=\"stylesheet\" href=\"../../assets/style.css\" /></head>\n"
         "<body>\n"
         "<a href=\"reset/index.html#one\">one</a>\n"
         "<a href=\"reset/#two\">two</a>\n"
         "<a href=\"reset/index.html#gone\">gone</a>\n"
         "<a href=\"missing.html\">missing</a>\n"
         "<a href=\"#top\">top</a>\n"
         "<a href=\"mailto:ict@example.nl\">mail</a>\n" +
         external + "</body></html>\n";
}

const char* const kResetPage =
    "<html><body>\n"
    "<h2 id=\"one\">One</h2>\n"
    "<h2 id=\"two\">Two</h2>\n"
    "<a href=\"../index.html\">back</a>\n"
    "</body></html>\n";

const char* const kLinksJson = R"([
  { "flow": "reset", "id": "one", "title": "One", "url": "https://h.example/org/nl/reset/#one" },
  { "flow": "reset", "id": "two", "title": "Two", "url": "https://h.example/org/nl/reset/#two" }
])";

struct TestSite {
  test::TempDir dir;
  fs::path root = dir.path() / "public";
  explicit TestSite(const std::string& external = {}) {
    test::write_text(root / "org/nl/index.html", landing_page(external));
    test::write_text(root / "org/nl/reset/index.html", kResetPage);
    test::write_text(root / "org/nl/links.json", kLinksJson);
    test::write_text(root / "assets/style.css", "");
  }
  LinkCheckOptions options() const {
    LinkCheckOptions o;
    o.site = root;
    o.site_shown = "public";
    o.now = 1'000'000;
    return o;
  }
};

/// Answers from a table; remembers what it was asked.
class FakeFetcher : public UrlFetcher {
 public:
  std::map<std::string, long> statuses;
  std::vector<std::string> asked;
  std::vector<FetchResult> fetch(const std::vector<std::string>& urls) override {
    std::vector<FetchResult> out;
    for (const auto& url : urls) {
      asked.push_back(url);
      FetchResult r;
      r.url = url;
      r.chain.push_back(Hop{url, "HEAD", statuses.at(url), "20.0.0.1", 1});
      out.push_back(r);
    }
    requests_ += static_cast<int>(urls.size());
    return out;
  }
  int requests_made() const override { return requests_; }

 private:
  int requests_ = 0;
};

std::vector<std::string> findings_text(const Report& report) {
  std::vector<std::string> out;
  for (const auto& f : report.findings)
    out.push_back(f.where.file + ":" + std::to_string(f.where.line) + " " + f.rule + " " + f.message);
  return out;
}

}  // namespace

TEST_CASE("checker: internal links and fragments, each broken one at its page and line", "[links][checker]") {
  TestSite site;
  Diagnostics diags;
  LinkCheckStats stats;
  Report report = check_links(site.options(), LinkRules{}, nullptr, nullptr, stats, diags);
  CHECK(diags.all().empty());
  auto found = findings_text(report);
  INFO(report.findings.size());
  CHECK(found == std::vector<std::string>{
                     "public/org/nl/index.html:5 missing-fragment reset/index.html#gone: org/nl/reset/index.html "
                     "has no element with id \"gone\"",
                     "public/org/nl/index.html:6 broken-link missing.html: there is no file org/nl/missing.html"});
  CHECK(report.findings[0].group == "org/nl/index.html");
  CHECK(stats.pages == 2);
  CHECK(stats.links == 8);
  // style.css, reset/, index.html; reset/index.html (for #gone), missing.html; mailto: (excluded)
  CHECK(stats.unique == 6);
  CHECK(stats.ok == 3);
  CHECK(stats.broken == 2);
  CHECK(stats.excluded == 1);
  CHECK(stats.requests == 0);
}

TEST_CASE("checker: offline, external URLs are excluded and nothing is asked", "[links][checker]") {
  TestSite site("<a href=\"https://aka.ms/sspr\">x</a>\n");
  Diagnostics diags;
  LinkCheckStats stats;
  check_links(site.options(), LinkRules{}, nullptr, nullptr, stats, diags);
  CHECK(stats.excluded == 2);
  CHECK(stats.requests == 0);
}

TEST_CASE("checker: links to the reader's own computer or to code are errors, offline too", "[links][checker]") {
  TestSite site(
      "<a href=\"file:///etc/passwd\">a</a>\n"
      "<a href=\" FILE://server/share/x\">b</a>\n"
      "<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">c</a>\n"
      "<a href=\"javascript:alert(1)\">d</a>\n"
      "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"\" />\n"
      "<a href=\"tel:+31205550142\">e</a>\n");
  Diagnostics diags;
  LinkCheckStats stats;
  Report report = check_links(site.options(), LinkRules{}, nullptr, nullptr, stats, diags);
  std::vector<std::string> local;
  for (const auto& f : findings_text(report))
    if (f.find(" local-scheme ") != std::string::npos) local.push_back(f);
  CHECK(local ==
        std::vector<std::string>{
            "public/org/nl/index.html:9 local-scheme <a> leads to \"file:///etc/passwd\", a file: address, "
            "which reads the reader's own computer or network; a published page must not link to one",
            "public/org/nl/index.html:10 local-scheme <a> leads to \" FILE://server/share/x\", a file: "
            "address, which reads the reader's own computer or network; a published page must not link to one",
            "public/org/nl/index.html:11 local-scheme <a> leads to \"data:text/html,<script>alert(1)</script>\", "
            "a data: address, which holds a document of its own that can run code; a published page must not "
            "link to one",
            "public/org/nl/index.html:12 local-scheme <a> leads to \"javascript:alert(1)\", a javascript: "
            "address, which runs code; a published page must not link to one"});
  CHECK(stats.broken == 2 + 4);
  CHECK(stats.excluded == 3);  // mailto:, tel: and the inline image
}

TEST_CASE("checker: a loop of links in the site is a broken link, not a crash", "[links][checker]") {
  TestSite site("<a href=\"loop/\">loop</a>\n");
  fs::create_symlink("loop", site.root / "org/nl/loop");
  fs::create_directory_symlink("..", site.root / "org/nl/up");  // a folder link back up: walked once
  Diagnostics diags;
  LinkCheckStats stats;
  Report report = check_links(site.options(), LinkRules{}, nullptr, nullptr, stats, diags);
  CHECK(diags.all().empty());
  CHECK(stats.pages == 2);
  auto found = findings_text(report);
  CHECK(std::find(found.begin(), found.end(),
                  "public/org/nl/index.html:9 broken-link loop/: there is no file org/nl/loop/index.html") !=
        found.end());
}

TEST_CASE("checker: each external URL is asked once, each occurrence reported", "[links][checker]") {
  TestSite site(
      "<a href=\"https://ok.example/#a\">a</a>\n"
      "<a href=\"https://ok.example/#b\">b</a>\n"
      "<a href=\"https://broken.example/\">c</a>\n"
      "<a href=\"https://broken.example/\">d</a>\n"
      "<a href=\"https://intranet.example/\">e</a>\n");
  FakeFetcher fetcher;
  fetcher.statuses = {{"https://ok.example/", 200}, {"https://broken.example/", 404}};
  LinkRules rules;
  rules.exclude_hosts = {"intranet.example"};
  Diagnostics diags;
  LinkCheckStats stats;
  Report report = check_links(site.options(), rules, &fetcher, nullptr, stats, diags);
  CHECK(fetcher.asked == std::vector<std::string>{"https://ok.example/", "https://broken.example/"});
  std::vector<int> lines;
  for (const auto& f : report.findings)
    if (f.rule == "http-status") lines.push_back(f.where.line);
  CHECK(lines == std::vector<int>{11, 12});
  CHECK(stats.requests == 2);
  CHECK(stats.excluded == 2);  // mailto: and the excluded intranet host
}

TEST_CASE("checker: against a real server every unique URL and redirect hop is requested once", "[links][checker]") {
  test::HttpTestServer server([](httplib::Server& s) {
    s.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
    s.Get("/chain/1", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/chain/2", 302); });
    s.Get("/chain/2", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/chain/3", 302); });
    s.Get("/chain/3", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
    s.Get("/missing", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  });
  TestSite site;
  std::string links;
  for (const char* path : {"/ok#a", "/ok#b", "/ok", "/chain/1", "/chain/2", "/missing"})
    links += "<a href=\"" + server.url(path) + "\">x</a>\n";
  // Ten more pages with the same links.
  for (int i = 0; i < 10; ++i)
    test::write_text(site.root / ("org/nl/page" + std::to_string(i) + ".html"),
                     "<html><body>\n" + links + "</body></html>\n");
  LinkRules rules;
  rules.min_interval_ms = 0;
  rules.total_timeout_ms = 2000;
  FetchOptions options;
  options.allow_loopback = true;
  CurlFetcher fetcher(rules, options);
  Diagnostics diags;
  LinkCheckStats stats;
  Report report = check_links(site.options(), rules, &fetcher, nullptr, stats, diags);
  for (const char* path : {"/ok", "/chain/1", "/chain/2", "/chain/3", "/missing"}) {
    INFO(path);
    CHECK(server.requests(path) == 1);
  }
  CHECK(server.total_requests() == 5);
  CHECK(stats.requests == 5);
  CHECK(stats.redirected == 2);  // /chain/1 and /chain/2, sharing their hops
  int broken = 0;
  for (const auto& f : report.findings) broken += f.rule == "http-status";
  CHECK(broken == 10);  // /missing, once on each of the ten pages
}

TEST_CASE("checker: the cache answers a second run; broken URLs are asked again", "[links][checker]") {
  TestSite site("<a href=\"https://ok.example/\">a</a>\n<a href=\"https://broken.example/\">b</a>\n");
  test::TempDir dir;
  std::string path = (dir.path() / "cache.json").string();
  LinkRules rules;
  for (int run = 0; run < 2; ++run) {
    Diagnostics diags;
    auto cache = LinkCache::load(path, 1'000'000, rules.cache_max_age_s, diags);
    FakeFetcher fetcher;
    fetcher.statuses = {{"https://ok.example/", 200}, {"https://broken.example/", 404}};
    LinkCheckStats stats;
    check_links(site.options(), rules, &fetcher, &cache, stats, diags);
    std::string error;
    REQUIRE(cache.save(path, error));
    if (run == 0) {
      CHECK(fetcher.asked.size() == 2);
      CHECK(stats.cached == 0);
    } else {
      CHECK(fetcher.asked == std::vector<std::string>{"https://broken.example/"});
      CHECK(stats.cached == 1);
      CHECK(stats.ok == 4);  // the cached URL, style.css, reset/ and index.html
    }
  }
}

TEST_CASE("checker: servicedesk links of an earlier release must still resolve", "[links][checker]") {
  TestSite site;
  test::write_text(site.dir.path() / "old-links.json", R"([
  { "flow": "reset", "id": "one", "title": "One", "url": "https://h.example/org/nl/reset/#one" },
  { "flow": "reset", "id": "verify-sms", "title": "Via sms", "url": "https://h.example/org/nl/reset/#verify-sms" },
  { "flow": "unlock", "id": "x", "title": "X", "url": "https://h.example/org/nl/unlock/#x" },
  { "flow": "reset", "id": "one", "title": "One", "url": "https://other.example/org/nl/reset/#one" }
])");
  auto options = site.options();
  options.baselines = {(site.dir.path() / "old-links.json").string()};
  Diagnostics diags;
  LinkCheckStats stats;
  Report report = check_links(options, LinkRules{}, nullptr, nullptr, stats, diags);
  CHECK(diags.all().empty());
  std::vector<std::string> baseline;
  for (const auto& f : report.findings)
    if (f.rule == "baseline-anchor") baseline.push_back(std::to_string(f.where.line) + " " + f.message);
  REQUIRE(baseline.size() == 3);
  CHECK_THAT(baseline[0],
             Catch::StartsWith("3 servicedesk link https://h.example/org/nl/reset/#verify-sms (reset, step "
                               "\"verify-sms\") no longer resolves: org/nl/reset/index.html has no "
                               "element with id \"verify-sms\""));
  CHECK_THAT(baseline[1], Catch::Contains("there is no page org/nl/unlock/index.html"));
  CHECK_THAT(baseline[2], Catch::Contains("is not under the site's address https://h.example/"));
}

TEST_CASE("checker: a baseline that is not a links.json is bad input", "[links][checker]") {
  TestSite site;
  test::write_text(site.dir.path() / "old.json", R"({ "not": "a list" })");
  auto options = site.options();
  options.baselines = {(site.dir.path() / "old.json").string()};
  Diagnostics diags;
  LinkCheckStats stats;
  check_links(options, LinkRules{}, nullptr, nullptr, stats, diags);
  CHECK(diags.has_errors());
}

TEST_CASE("checker: reports parse as JUnit XML and SARIF JSON with a result per occurrence", "[links][checker]") {
  TestSite site;
  Diagnostics diags;
  LinkCheckStats stats;
  Report report = check_links(site.options(), LinkRules{}, nullptr, nullptr, stats, diags);
  report.summary = {{"links found", "9"}};

  pugi::xml_document junit;
  std::string xml = render_report(report, ReportFormat::junit);
  REQUIRE(junit.load_string(xml.c_str()));
  auto suites = junit.child("testsuites");
  CHECK(std::string(suites.attribute("failures").value()) == "2");
  auto landing = suites.find_child_by_attribute("testsuite", "name", "org/nl/index.html");
  REQUIRE(landing);
  auto fragment = landing.find_child_by_attribute("testcase", "name", "missing-fragment");
  REQUIRE(fragment.child("failure"));
  CHECK_THAT(fragment.child("failure").text().get(), Catch::StartsWith("public/org/nl/index.html:5:"));
  auto reset = suites.find_child_by_attribute("testsuite", "name", "org/nl/reset/index.html");
  REQUIRE(reset);
  CHECK(std::string(reset.attribute("failures").value()) == "0");

  auto sarif = nlohmann::json::parse(render_report(report, ReportFormat::sarif));
  CHECK(sarif["version"] == "2.1.0");
  const auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["ruleId"] == "missing-fragment");
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "public/org/nl/index.html");
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5);
  bool described = false;
  for (const auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) described |= rule["id"] == "dead-shortlink";
  CHECK(described);

  auto json = nlohmann::json::parse(render_report(report, ReportFormat::json));
  CHECK(json["errors"] == 2);
  CHECK(json["summary"]["links found"] == "9");
  CHECK_THAT(render_report(report, ReportFormat::markdown), Catch::Contains("| error | broken-link |"));
}
