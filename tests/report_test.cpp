// checks/report: the formats CI systems read, here the GitHub Actions annotations.

#include "checks/report/report.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;

namespace {

Report two_findings() {
  Report r;
  r.tool = "manualgen check flows";
  r.findings.push_back({"C03", Severity::error, "second step uses sms after call,\nthe same phone (100%)",
                        Location("content/flows/reset.json", 27, 5), "org-a/nl/reset", "verify-sms"});
  r.findings.push_back({"P02", Severity::warning, "3 texts from fallback locale en", Location(), "org-a/nl", ""});
  r.summary = {{"manuals", "2"}};
  return r;
}

}  // namespace

TEST_CASE("report format github: one annotation per finding on its file and line, escaped", "[report]") {
  ReportFormat format;
  REQUIRE(parse_report_format("github", format));
  std::string out = render_report(two_findings(), format);
  INFO(out);
  // The newline, percent sign and comma of the message and the colons of the title are escaped, so
  // each annotation stays one command on one line.
  CHECK(out.find("::error file=content/flows/reset.json,line=27,col=5,title=C03 (manualgen check flows)::"
                 "org-a/nl/reset verify-sms: second step uses sms after call,%0Athe same phone (100%25)\n") == 0);
  CHECK(out.find("\n::warning title=P02 (manualgen check flows)::org-a/nl: 3 texts from fallback locale en\n") !=
        std::string::npos);
  // The summary line of the text report ends it, for whoever reads the log.
  CHECK(out.substr(out.rfind('\n', out.size() - 2) + 1) == "manualgen check flows: 1 error, 1 warning (2 manuals)\n");
}

TEST_CASE("report summary lines count in the singular for one, in text and markdown", "[report]") {
  Report r;
  r.tool = "manualgen check flows";
  r.findings.push_back({"C03", Severity::error, "m", Location("f.json", 1), "g", ""});
  r.summary = {{"organisations", "1", "organisation"}, {"manuals", "3", "manual"}, {"ok", "1", ""}};
  CHECK_THAT(render_report(r, ReportFormat::text),
             Catch::EndsWith("manualgen check flows: 1 error, 0 warnings (1 organisation, 3 manuals, 1 ok)\n"));
  CHECK_THAT(render_report(r, ReportFormat::markdown),
             Catch::Contains("1 error, 0 warnings (1 organisation, 3 manuals, 1 ok)"));
  // The JSON report keeps its keys whatever the count.
  CHECK(nlohmann::json::parse(render_report(r, ReportFormat::json))["summary"]["organisations"] == "1");
}

TEST_CASE("report format github: properties also escape colons and commas", "[report]") {
  Report r;
  r.tool = "check: flows, links";
  r.findings.push_back({"C03", Severity::error, "a: b, c", Location("C:/x,y.json", 3), "g", ""});
  ReportFormat format;
  REQUIRE(parse_report_format("github", format));
  std::string out = render_report(r, format);
  INFO(out);
  CHECK(out.find("::error file=C%3A/x%2Cy.json,line=3,title=C03 (check%3A flows%2C links)::g: a: b, c\n") == 0);
}

TEST_CASE("report format markdown: a pipe or line break in a cell does not break the table", "[report]") {
  ReportFormat format;
  REQUIRE(parse_report_format("markdown", format));
  Report r = two_findings();
  r.findings[0].message = "sms | call\nsame phone";
  std::string out = render_report(r, format);
  INFO(out);
  CHECK(out.find("| error | C03 | content/flows/reset.json:27 | org-a/nl/reset: sms \\| call same phone |\n") !=
        std::string::npos);
}
