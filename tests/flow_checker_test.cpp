// One fixture per rule: a single change that makes a manual wrong, and the exact finding it gives.

#include "checks/flows/flow_checker.h"

#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "test_support.h"

using namespace manualgen;
using nlohmann::json;

namespace {

// The repository's file `rel` with the first `from` replaced by `to`.
std::string edited(const std::string& rel, const std::string& from, const std::string& to) {
  std::string text = test::read_text(test::source_dir() / rel);
  auto pos = text.find(from);
  INFO(rel << " has no \"" << from << "\"");
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

// The repository's prose file `rel` without the section [id] (up to the next heading of its level or above).
std::string without_section(const std::string& rel, const std::string& id) {
  std::string text = test::read_text(test::source_dir() / rel);
  auto start = text.find("[" + id + "]");
  REQUIRE(start != std::string::npos);
  start = text.rfind('\n', start) + 1;
  bool step = text.compare(start, 3, "## ") == 0;
  auto end = text.find(step ? "\n## " : "\n#", start + 1);
  text.erase(start, end == std::string::npos ? std::string::npos : end + 1 - start);
  return text;
}

// The example config without the organisations' notes (which name steps a test removes).
json config_without_notes() {
  json config = test::example_config();
  for (auto& org : config["organisations"]) org.erase("notes");
  return config;
}

int line_of(const std::string& text, const std::string& needle) {
  auto pos = text.find(needle);
  REQUIRE(pos != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

struct Checked {
  test::ProjectFixture fixture;
  Diagnostics diags;
  Report report;

  explicit Checked(const std::map<std::string, std::string>& files = {}, const json& config = test::example_config())
      : fixture(config, files) {
    auto project = load_project(fixture.config_path(), diags);
    INFO(messages());
    REQUIRE(project);
    REQUIRE_FALSE(diags.has_errors());
    report = check_flows(*project, {}, {}, diags);
    REQUIRE_FALSE(diags.has_errors());
  }

  std::string messages() const {
    std::string out;
    for (const auto& d : diags.all()) out += format_diagnostic(d) + "\n";
    return out;
  }

  std::string findings() const { return render_report(report, ReportFormat::text); }

  // The finding of `rule` about `subject` in a group containing `group`; fails if there is none.
  const Finding& get(const std::string& rule, const std::string& subject, const std::string& group = "") const {
    for (const auto& f : report.findings)
      if (f.rule == rule && f.subject == subject && f.group.find(group) != std::string::npos) return f;
    FAIL("no " << rule << " finding about " << subject << " in " << group << "; findings:\n" << findings());
    throw std::logic_error("unreachable");
  }

  // The finding of `rule` about `subject` whose message contains `text`.
  const Finding& with(const std::string& rule, const std::string& subject, const std::string& text) const {
    for (const auto& f : report.findings)
      if (f.rule == rule && f.subject == subject && f.message.find(text) != std::string::npos) return f;
    FAIL("no " << rule << " finding about " << subject << " saying \"" << text << "\"; findings:\n" << findings());
    throw std::logic_error("unreachable");
  }

  int count(const std::string& rule) const {
    return static_cast<int>(std::count_if(report.findings.begin(), report.findings.end(),
                                          [&](const Finding& f) { return f.rule == rule; }));
  }
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TEST_CASE("the shipped content and example config pass with zero errors", "[check_flows]") {
  Checked c;
  INFO(c.findings());
  CHECK(c.report.errors() == 0);
  CHECK(c.report.runs.size() > 100);
  // Labels known only from machine translations are flagged, not hidden.
  const auto& mt = c.get("C07", "fill-form", "gemeente-lindewijk/nl/change");
  CHECK(mt.severity == Severity::warning);
  CHECK(mt.message.find("\"Indienen\"") != std::string::npos);
}

TEST_CASE("C01: a step for a method the organisation does not enable", "[check_flows]") {
  std::string reset = edited("content/flows/reset.json", R"({ "id": "verify-email", "method": "email", )",
                             R"({ "id": "verify-email", )");
  Checked c({{"content/flows/reset.json", reset}});
  const auto& f = c.get("C01", "verify-email", "ziekenhuis-rivierenland/nl/reset");
  CHECK(f.severity == Severity::error);
  CHECK(f.message.find("does not enable") != std::string::npos);
  CHECK(ends_with(f.where.file, "content/flows/reset.json"));
  CHECK(f.where.line == line_of(reset, R"("id": "verify-email")"));
}

TEST_CASE("C01: an enabled method without instructions", "[check_flows]") {
  std::string reset = edited("content/flows/reset.json", R"("id": "verify-call", "method": "call")",
                             R"("id": "verify-call", "method": "office_phone")");
  Checked c({{"content/flows/reset.json", reset}});
  const auto& f = c.get("C01", "verify-first", "ziekenhuis-rivierenland/en/reset");
  CHECK(f.message == "the organisation enables `call` but step `verify-first` has no instructions for it");
  CHECK(f.where.line == line_of(reset, R"("id": "verify-first")"));
}

TEST_CASE("C02: two methods required but only one verification step", "[check_flows]") {
  std::string reset = edited("content/flows/reset.json",
                             R"({ "id": "verify-second", "screens": ["RST.Vk.PICK"], "when": ["required:2"] },)", "");
  Checked c({{"content/flows/reset.json", reset}});
  const auto& f = c.get("C02", "verify-sms", "ziekenhuis-rivierenland/nl/reset");
  CHECK(f.message.find("the organisation requires 2 methods") != std::string::npos);
  CHECK(f.where.line == line_of(reset, R"("id": "verify-sms")"));
  CHECK(c.count("C02") > 0);
  // The one-method organisation is still right.
  for (const auto& finding : c.report.findings)
    if (finding.group.find("gemeente-lindewijk") != std::string::npos) CHECK(finding.severity == Severity::warning);
}

TEST_CASE("C03: the second verification repeats the first method's gate", "[check_flows]") {
  std::string reset = edited("content/flows/reset.json",
                             R"({ "id": "verify-second", "screens": ["RST.Vk.PICK"], "when": ["required:2"] },)",
                             R"({ "id": "verify-second", "screens": ["RST.Vk.PICK"], "when": ["required:2"],
           "choices": [ { "id": "second-sms", "method": "sms", "screens": ["RST.Vk.PICK", "RST.Vk.SMS", "RST.Vk.SMS_CODE"] } ] },)");
  std::map<std::string, std::string> files{{"content/flows/reset.json", reset}};
  for (const char* locale : {"nl", "en"}) {
    std::string rel = std::string("content/") + locale + "/reset.md";
    files[rel] = edited(rel, "## [new-password]", "### [second-sms] SMS\n\nText.\n\n## [new-password]");
  }
  Checked c(files);
  const auto& f = c.with("C03", "second-sms", "already used `call`");
  CHECK(f.message ==
        "verification step 2 describes `sms` but the first verification step already used `call` (same phone); "
        "expected a different method");
  CHECK(f.group.find("/reset") != std::string::npos);
  CHECK(f.where.line == line_of(reset, R"("id": "second-sms")"));
}

TEST_CASE("C05: a password length in prose that is not the organisation's", "[check_flows]") {
  std::string prose = edited("content/nl/reset.md", "## [new-password]", "## [new-password]");
  prose = edited("content/nl/reset.md", "## [done]", "Gebruik minstens 12 tekens.\n\n## [done]");
  Checked c({{"content/nl/reset.md", prose}});
  const auto& f = c.get("C05", "new-password", "ziekenhuis-rivierenland/nl/reset");
  CHECK(f.message.find("states a password length of 12 characters; the organisation's minimum is 16") !=
        std::string::npos);
  CHECK(ends_with(f.where.file, "content/nl/reset.md"));
  CHECK(f.where.line == line_of(prose, "Gebruik minstens 12 tekens."));
  // Lindewijk (8) and Rivierenland (16); Noorderlicht's minimum is 12, so the sentence is right there.
  CHECK(c.count("C05") == 2);
}

TEST_CASE("C05: the outdated 8 to 16 characters rule", "[check_flows]") {
  std::string prose = edited("content/en/reset.md", "## [done]", "Passwords are 8 to 16 characters long.\n\n## [done]");
  Checked c({{"content/en/reset.md", prose}});
  const auto& f = c.with("C05", "new-password", "\"8 to 16\" is the old Azure AD length rule");
  CHECK(f.where.line == line_of(prose, "Passwords are 8 to 16"));
}

TEST_CASE("C06: a step names a button of another screen", "[check_flows]") {
  std::string prose =
      edited("content/nl/reset.md", "### [verify-call]", "Klik daarna op **Voltooien**.\n\n### [verify-call]");
  Checked c({{"content/nl/reset.md", prose}});
  const auto& f = c.get("C06", "verify-sms", "gemeente-lindewijk/nl/reset");
  CHECK(f.message.find("names \"Voltooien\", a label of RST.NEWPWD, but the step is on RST.Vk.PICK") !=
        std::string::npos);
  CHECK(f.where.line == line_of(prose, "Klik daarna op **Voltooien**."));
}

TEST_CASE("C07 and C20: garbled and English labels in a Dutch manual", "[check_flows]") {
  std::string prose = edited("content/nl/reset.md", "### [verify-call]",
                             "Of kies **Tekst mijn mobiele telefoon** en klik op **Next**.\n\n### [verify-call]");
  Checked c({{"content/nl/reset.md", prose}});
  const auto& garbled = c.get("C07", "verify-sms", "gemeente-lindewijk/nl/reset");
  CHECK(garbled.message.find("machine-translation garble") != std::string::npos);
  const auto& english = c.get("C20", "verify-sms", "gemeente-lindewijk/nl/reset");
  CHECK(english.message == "\"Next\" is an English label in a nl manual");
  CHECK(english.where.line == line_of(prose, "Of kies **Tekst"));
}

TEST_CASE("C08: unlock allowed but no unlock manual", "[check_flows]") {
  json config = test::example_config();
  config["organisations"][2]["flows"] = json::array({"register", "reset", "change"});
  Checked c({}, config);
  const auto& f = c.get("C08", "zorggroep-noorderlicht");
  CHECK(f.message == "the organisation allows unlock but does not publish the unlock flow");
  CHECK(f.where.pointer == "/organisations/2/flows");
}

TEST_CASE("C09: reordered steps are not a path of the model", "[check_flows]") {
  json structure = json::parse(test::read_text(test::source_dir() / "content/flows/change.json"));
  std::swap(structure["steps"][1], structure["steps"][2]);  // fill in the form before opening it
  Checked c({{"content/flows/change.json", structure.dump(2)}});
  const auto& f = c.get("C09", "open-password", "gemeente-lindewijk/nl/change");
  CHECK(f.message.find("shows CHG.MYACCOUNT right after CHG.FORM") != std::string::npos);
}

TEST_CASE("C09: a step on a screen the flow does not have", "[check_flows]") {
  std::string reset = edited("content/flows/reset.json", R"({ "id": "done", "screens": ["RST.END_RESET"] })",
                             R"({ "id": "done", "screens": ["CHG.FORM", "RST.END_RESET"] })");
  Checked c({{"content/flows/reset.json", reset}});
  const auto& f = c.get("C09", "done", "gemeente-lindewijk/nl/reset");
  CHECK(f.message.find("is on screen CHG.FORM, which the model of the reset flow does not have") != std::string::npos);
  CHECK(f.where.line == line_of(reset, R"("id": "done")"));
}

TEST_CASE("C10: a path that never reaches an end state", "[check_flows]") {
  std::string reset = edited("content/flows/reset.json", R"({ "id": "done", "screens": ["RST.END_RESET"] },)", "");
  Checked c({{"content/flows/reset.json", reset},
             {"content/nl/reset.md", without_section("content/nl/reset.md", "done")},
             {"content/en/reset.md", without_section("content/en/reset.md", "done")}},
            config_without_notes());
  const auto& f = c.get("C10", "new-password", "gemeente-lindewijk/nl/reset");
  CHECK(f.message.find("ends at RST.NEWPWD (step `new-password`), not at an end state") != std::string::npos);
}

TEST_CASE("C11 and C12: a hard-coded phone number and a legacy address", "[check_flows]") {
  std::string prose = edited("content/nl/change.md", "## [open-password]",
                             "Of bel 020 123 4567, of ga naar https://myprofile.microsoft.com.\n\n## [open-password]");
  Checked c({{"content/nl/change.md", prose}});
  const auto& phone = c.get("C11", "open-my-account", "gemeente-lindewijk/nl/change");
  CHECK(phone.message.find("phone number \"020 123 4567\"") != std::string::npos);
  CHECK(phone.where.line == line_of(prose, "Of bel 020"));
  const auto& legacy = c.get("C12", "open-my-account", "gemeente-lindewijk/nl/change");
  CHECK(legacy.message.find("\"https://myprofile.microsoft.com\" is a legacy address") != std::string::npos);
}

TEST_CASE("C13: a reset manual that never mentions registering first", "[check_flows]") {
  std::string prose = test::read_text(test::source_dir() / "content/en/reset.md");
  for (size_t pos; (pos = prose.find("{{flow.register}}")) != std::string::npos;) prose.replace(pos, 17, "the portal");
  Checked c({{"content/en/reset.md", prose}});
  const auto& f = c.get("C13", "open-portal", "zorggroep-noorderlicht/en/reset");
  CHECK(f.severity == Severity::error);
  CHECK(c.count("C13") == 2);  // the two organisations with English manuals
}

TEST_CASE("C14: registration that cannot give the methods required", "[check_flows]") {
  std::string reg =
      edited("content/flows/register.json",
             R"({ "id": "register-phone", "method": "sms|call", "screens": ["REG.ADD_PICK", "REG.M.PHONE"] },)", "");
  Checked c({{"content/flows/register.json", reg},
             {"content/nl/register.md", without_section("content/nl/register.md", "register-phone")},
             {"content/en/register.md", without_section("content/en/register.md", "register-phone")}});
  const auto& f = c.get("C14", "add-method", "ziekenhuis-rivierenland/nl/register");
  CHECK(f.message == "registration explains 1 independent method(s) but the organisation requires 2 at reset");
  CHECK(c.get("C01", "add-method", "ziekenhuis-rivierenland/nl/register").message.find("`sms`") != std::string::npos);
}

TEST_CASE("C14: a security-question count that is not the policy's", "[check_flows]") {
  std::string prose = edited("content/nl/reset.md", "{{policy.questions-reset}} vragen", "5 vragen");
  Checked c({{"content/nl/reset.md", prose}});
  const auto& f = c.get("C14", "verify-questions", "zorggroep-noorderlicht/nl/reset");
  CHECK(f.message == "states 5 security questions; a reset asks 3 (write {{policy.questions-reset}})");
  CHECK(f.where.line == line_of(prose, "5 vragen"));
}

TEST_CASE("C15, C16, C18, C23: advice that ignores the policy or the real screens", "[check_flows]") {
  std::string prose = edited("content/nl/reset.md", " {{policy.phone-format}}", "");
  prose = [&] {
    std::string p = prose;
    const std::string email_heading = "### [verify-email] Met een mail naar je privéadres";
    p.replace(p.find(email_heading), email_heading.size(), "### [verify-email] Met een mail");
    auto replace_section = [&](const std::string& heading, const std::string& body) {
      auto start = p.find(heading);
      REQUIRE(start != std::string::npos);
      auto body_start = p.find('\n', start) + 1;
      auto end = p.find("\n#", body_start);
      p.replace(body_start, end - body_start + 1, body);
    };
    replace_section("### [verify-email]", "\nKies {{ui.option-email}} en volg de aanwijzingen.\n\n");
    replace_section("### [verify-app-notification]", "\nKies {{ui.option-app-notification}} en keur goed.\n\n");
    replace_section("### [captcha-case]", "\nDenk aan de hoofdletters.\n\n");
    return p;
  }();
  Checked c({{"content/nl/reset.md", prose}});
  CHECK(c.get("C15", "verify-sms", "zorggroep-noorderlicht/nl/reset").message.find("{{policy.phone-format}}") !=
        std::string::npos);
  CHECK(c.get("C23", "verify-email", "zorggroep-noorderlicht/nl/reset").message.find("private") != std::string::npos);
  CHECK(c.get("C18", "verify-app-notification", "zorggroep-noorderlicht/nl/reset").message.find("number matching") !=
        std::string::npos);
  const auto& captcha = c.get("C16", "captcha-case", "zorggroep-noorderlicht/nl/reset");
  CHECK(captcha.where.line == line_of(prose, "Denk aan de hoofdletters."));
}

TEST_CASE("C17: a lockout count that is not the organisation's", "[check_flows]") {
  std::string prose = edited("content/en/unlock.md", "## [choose-reason]",
                             "After 5 failed attempts your account locks.\n\n## [choose-reason]");
  Checked c({{"content/en/unlock.md", prose}});
  const auto& f = c.get("C17", "lockout-threshold", "zorggroep-noorderlicht/en/unlock");
  CHECK(f.message.find("states a lockout after 5 attempts; the organisation's threshold is 3") != std::string::npos);
}

TEST_CASE("C19: a manual for administrators with security questions or one verification", "[check_flows]") {
  // The hospital's manual again, for its administrators (a valid config: two methods, no questions).
  json config = test::example_config();
  json admins = config["organisations"][1];
  admins["id"] = "ziekenhuis-rivierenland-beheer";
  admins["policy"]["audience"] = "administrators";
  admins.erase("notes");
  config["organisations"].push_back(admins);
  {
    Checked clean({}, config);
    CHECK(clean.count("C19") == 0);
    CHECK(clean.report.errors() == 0);
  }
  // Content that shows the security questions whatever the policy, and has no second verification.
  std::string reset = edited("content/flows/reset.json", R"({ "id": "verify-questions", "method": "questions", )",
                             R"({ "id": "verify-questions", )");
  const std::string second = R"({ "id": "verify-second", "screens": ["RST.Vk.PICK"], "when": ["required:2"] },)";
  REQUIRE(reset.find(second) != std::string::npos);
  reset.erase(reset.find(second), second.size());
  Checked c({{"content/flows/reset.json", reset}}, config);
  const auto& questions = c.get("C19", "verify-questions", "ziekenhuis-rivierenland-beheer/nl/reset");
  CHECK(questions.message.find("(security questions) in a manual for administrators") != std::string::npos);
  CHECK(questions.where.line == line_of(reset, R"("id": "verify-questions")"));
  const auto& once = c.with("C19", "verify-sms", "describes 1 verification step");
  CHECK(once.group.find("ziekenhuis-rivierenland-beheer/") != std::string::npos);
  // Only the administrators' manuals get C19.
  for (const auto& f : c.report.findings)
    if (f.rule == "C19") CHECK(f.group.find("ziekenhuis-rivierenland-beheer/") == 0);
}

TEST_CASE("C21: a change manual that does not ask for the current password", "[check_flows]") {
  std::string prose = test::read_text(test::source_dir() / "content/en/change.md");
  for (size_t pos; (pos = prose.find("{{ui.old-password}}")) != std::string::npos;)
    prose.replace(pos, 19, "the first box");
  Checked c({{"content/en/change.md", prose}});
  CHECK(c.get("C21", "open-my-account", "ziekenhuis-rivierenland/en/change").message.find("current password") !=
        std::string::npos);
}

TEST_CASE("C24: a licence note for unlock without the licence writeback needs", "[check_flows]") {
  json config = test::example_config();
  config["organisations"][2]["licence_note"]["en"] = "You need a Microsoft 365 licence.";
  Checked c({}, config);
  const auto& f = c.get("C24", "zorggroep-noorderlicht");
  CHECK(f.where.pointer == "/organisations/2/licence_note/en");
}

TEST_CASE("C25: an action the prose names that leads off the path", "[check_flows]") {
  // "Klik op Annuleren" where the reader must go on to the verification.
  std::string reset = edited("content/nl/reset.md", "3. Klik op {{ui.next}}.\n\n### [captcha-case]",
                             "3. Klik op {{ui.cancel}}.\n\n### [captcha-case]");
  Checked cancel({{"content/nl/reset.md", reset}});
  const auto& f = cancel.with("C25", "enter-account", "END_CANCELLED");
  CHECK(f.severity == Severity::error);
  CHECK(ends_with(f.where.file, "content/nl/reset.md"));
  CHECK(f.where.line == line_of(reset, "3. Klik op {{ui.cancel}}."));

  // The unlock option in the reset manual leads to the unlock flow, not on to verification.
  std::string unlock =
      edited("content/nl/reset.md", "Kies {{ui.option-forgot}} en klik", "Kies {{ui.option-unlock}} en klik");
  Checked wrong_branch({{"content/nl/reset.md", unlock}});
  CHECK(wrong_branch.with("C25", "choose-reason", "EXIT:unlock").where.line ==
        line_of(unlock, "Kies {{ui.option-unlock}}"));

  // The right actions pass: the shipped prose has no C25 finding.
  Checked shipped;
  CHECK(shipped.count("C25") == 0);
}

TEST_CASE("M01: a locale label the flow model does not know", "[check_flows]") {
  json ui = json::parse(test::read_text(test::source_dir() / "locales/nl/ui.json"));
  ui["RST.WHO"]["help-link"] = {{"text", "Hulp"}, {"tag", "inferred"}};
  Checked c({{"locales/nl/ui.json", ui.dump(2)}});
  const auto& f = c.get("M01", "RST.WHO/help-link", "locales/nl");
  CHECK(f.message.find("not an element of that screen in the flow model") != std::string::npos);
}

TEST_CASE("P01 and P02: a step without text in one locale; fallbacks counted", "[check_flows]") {
  std::string prose = test::read_text(test::source_dir() / "content/en/change.md");
  auto start = prose.find("## [sign-in-again]");
  auto body = prose.find('\n', start) + 1;
  prose.replace(body, prose.find("## [", body) - body, "\n");
  json config = test::example_config();
  config["organisations"][0]["locales"] = json::array({"nl", "nl-BE"});
  config["organisations"][0]["servicedesk"]["hours"]["nl-BE"] = "maandag tot vrijdag";
  Checked c({{"content/en/change.md", prose},
             {"locales/nl-BE/locale.json", R"J({"name": "Nederlands (België)", "fallback": "nl"})J"}},
            config);
  const auto& empty = c.get("P01", "sign-in-again", "ziekenhuis-rivierenland/change");
  CHECK(empty.message == "`sign-in-again` has no text in locale en");
  const auto& fallback = c.get("P02", "nl-BE → nl", "locales/nl-BE");
  CHECK(fallback.message.find("texts taken from fallback locale nl") != std::string::npos);
}

TEST_CASE("a rule switched off is noticed: the checker is not vacuous", "[check_flows]") {
  // The same broken content checked against a model that allows the broken path passes C09:
  // the finding comes from the model, not from a hard-coded expectation.
  json structure = json::parse(test::read_text(test::source_dir() / "content/flows/change.json"));
  std::swap(structure["steps"][1], structure["steps"][2]);
  json model = json::parse(test::read_text(test::source_dir() / "content/screens/change.json"));
  model["states"]["CHG.FORM"]["next"] = {"CHG.MYACCOUNT"};
  model["states"]["CHG.MYACCOUNT"]["next"] = {"CHG.END_CHANGED"};
  test::TempDir models;
  for (const auto& e : std::filesystem::directory_iterator(test::source_dir() / "content/screens"))
    if (e.path().extension() == ".json") std::filesystem::copy_file(e.path(), models.path() / e.path().filename());
  test::write_text(models.path() / "change.json", model.dump(2));
  test::ProjectFixture fixture(test::example_config(), {{"content/flows/change.json", structure.dump(2)}});
  Diagnostics diags;
  auto project = load_project(fixture.config_path(), diags);
  REQUIRE(project);
  Report report = check_flows(*project, {models.path().string()}, {}, diags);
  REQUIRE_FALSE(diags.has_errors());
  // C09 follows the model's transitions; the actions the prose names (C25) still lead elsewhere.
  CHECK(std::none_of(report.findings.begin(), report.findings.end(), [](const Finding& f) { return f.rule == "C09"; }));
}

TEST_CASE("JUnit and SARIF reports are structurally valid", "[check_flows][report]") {
  std::string reset = edited("content/flows/reset.json", R"({ "id": "done", "screens": ["RST.END_RESET"] },)", "");
  Checked c({{"content/flows/reset.json", reset},
             {"content/nl/reset.md", without_section("content/nl/reset.md", "done")},
             {"content/en/reset.md", without_section("content/en/reset.md", "done")}},
            config_without_notes());
  REQUIRE(c.report.errors() > 0);

  pugi::xml_document junit;
  REQUIRE(junit.load_string(render_report(c.report, ReportFormat::junit).c_str()));
  auto suites = junit.child("testsuites");
  REQUIRE(suites);
  int failures = 0;
  int cases = 0;
  for (auto suite : suites.children("testsuite")) {
    int suite_failures = 0;
    int suite_cases = 0;
    for (auto tc : suite.children("testcase")) {
      ++suite_cases;
      CHECK(std::string(tc.attribute("name").value()).size() > 0);
      for (auto failure : tc.children("failure")) {
        ++suite_failures;
        CHECK(std::string(failure.attribute("message").value()).size() > 0);
      }
    }
    CHECK(suite.attribute("tests").as_int() == suite_cases);
    CHECK(suite.attribute("failures").as_int() == suite_failures);
    failures += suite_failures;
    cases += suite_cases;
  }
  CHECK(suites.attribute("failures").as_int() == failures);
  CHECK(suites.attribute("tests").as_int() == cases);
  CHECK(failures == c.report.errors());

  json sarif = json::parse(render_report(c.report, ReportFormat::sarif));
  CHECK(sarif["version"] == "2.1.0");
  REQUIRE(sarif["runs"].size() == 1);
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "manualgen");
  std::set<std::string> rule_ids;
  for (const auto& r : run["tool"]["driver"]["rules"]) rule_ids.insert(r["id"].get<std::string>());
  REQUIRE(run["results"].size() == c.report.findings.size());
  for (const auto& r : run["results"]) {
    CHECK(rule_ids.count(r["ruleId"].get<std::string>()));
    CHECK((r["level"] == "error" || r["level"] == "warning"));
    CHECK(r["message"]["text"].get<std::string>().size() > 0);
    CHECK(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().size() > 0);
  }
}

TEST_CASE("manualgen check flows: exit status and formats", "[check_flows][cli]") {
  std::string output;
  std::string config = (test::source_dir() / "site-config.json").string();
  CHECK(test::run_manualgen("check flows --config " + config, output) == 0);
  CHECK(output.find("manualgen check flows: 0 errors") != std::string::npos);

  std::string reset = edited("content/flows/reset.json", R"({ "id": "done", "screens": ["RST.END_RESET"] },)", "");
  test::ProjectFixture broken(config_without_notes(),
                              {{"content/flows/reset.json", reset},
                               {"content/nl/reset.md", without_section("content/nl/reset.md", "done")},
                               {"content/en/reset.md", without_section("content/en/reset.md", "done")}});
  test::TempDir tmp;
  auto out = tmp.path() / "flows.sarif";
  CHECK(test::run_manualgen("check flows --config " + broken.config_path() + " --format sarif --output " + out.string(),
                            output) == 1);
  CHECK(json::parse(test::read_text(out))["runs"][0]["results"].size() > 0);
  CHECK(test::run_manualgen("check flows --config " + config + " --format yaml", output) == 2);
}

TEST_CASE("manualgen check flows: --strict fails on warnings; the summary counts findings per rule",
          "[check_flows][cli]") {
  std::string output;
  std::string config = (test::source_dir() / "site-config.json").string();
  // The shipped content has warnings only (labels known from machine translations): they pass
  // unless --strict.
  CHECK(test::run_manualgen("check flows --config " + config, output) == 0);
  CHECK(output.find("\nby rule: C07 20 warnings, C27 8 warnings\nmanualgen check flows: 0 errors, 28 warnings") !=
        std::string::npos);
  CHECK(test::run_manualgen("check flows --strict --config " + config, output) == 1);
  CHECK(test::run_manualgen("check flows --strict --format json --config " + config, output) == 1);
  CHECK(json::parse(output)["by_rule"]["C07"] == json({{"errors", 0}, {"warnings", 20}}));
  CHECK(json::parse(output)["by_rule"]["C27"] == json({{"errors", 0}, {"warnings", 8}}));
}

TEST_CASE("manualgen check flows: an unknown --org or --locale exits 2 with the message build gives",
          "[check_flows][cli]") {
  const std::string config = "--config " + (test::source_dir() / "site-config.json").string();
  test::TempDir tmp;
  const std::string out = " --out " + (tmp.path() / "public").string();
  // The errors and hints of a run, in the order printed.
  auto errors = [](const std::string& output) {
    std::istringstream in(output);
    std::string lines;
    for (std::string line; std::getline(in, line);)
      if (line.rfind("manualgen: error:", 0) == 0 || line.rfind("  hint:", 0) == 0) lines += line + "\n";
    return lines;
  };
  for (const std::string filter : {"--org nosuch", "--org gemeente-lindewyk", "--locale xx"}) {
    INFO(filter);
    std::string checked;
    std::string built;
    CHECK(test::run_manualgen("check flows " + config + " " + filter, checked) == 2);
    CHECK(test::run_manualgen("build " + config + out + " " + filter, built) == 2);
    CHECK(errors(checked).find("manualgen: error: " + filter.substr(0, filter.find(' '))) == 0);
    CHECK(errors(checked) == errors(built));
    CHECK(checked.find("cannot check, the input has 1 error") != std::string::npos);
  }
  std::string output;
  CHECK(test::run_manualgen("check flows " + config + " --org gemeente-lindewijk --locale nl", output) == 0);
  CHECK(output.find("(1 organisation, 3 manuals)") != std::string::npos);
}

namespace {

// The repository's prose file `rel` with `text` added at the end of section [id]'s body.
std::string with_sentence(const std::string& rel, const std::string& id, const std::string& text) {
  std::string prose = test::read_text(test::source_dir() / rel);
  auto start = prose.find("[" + id + "]");
  REQUIRE(start != std::string::npos);
  auto end = prose.find("\n#", start);
  if (end == std::string::npos) return prose + "\n" + text + "\n";
  return prose.insert(end, "\n" + text + "\n");
}

// `text` with every `from` replaced by `to`.
std::string replaced_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
    text.replace(pos, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("C16: a claim that the captcha is case-sensitive, negated or not", "[check_flows]") {
  std::string claim =
      with_sentence("content/nl/reset.md", "captcha-case", "De tekens maken wel uit: let op hoofdletters.");
  Checked wrong({{"content/nl/reset.md", claim}});
  const auto& f = wrong.get("C16", "captcha-case", "gemeente-lindewijk/nl/reset");
  CHECK(f.severity == Severity::error);
  CHECK(f.where.line == line_of(claim, "De tekens maken wel uit"));
  // Negated, the same words say the true thing.
  Checked right({{"content/nl/reset.md",
                  with_sentence("content/nl/reset.md", "captcha-case", "Je hoeft niet op hoofdletters te letten.")}});
  CHECK(right.count("C16") == 0);
  // A note on the landing page that names the captcha is read the same way, at its config line.
  json config = test::example_config();
  config["organisations"][0]["notes"] = json::array({{{"text", {{"nl", "De captcha is hoofdlettergevoelig."}}}}});
  Checked note({}, config);
  const auto& n = note.get("C16", "note", "gemeente-lindewijk");
  CHECK(ends_with(n.where.file, "site-config.json"));
  CHECK(n.where.line > 0);
}

TEST_CASE("C26: a call is answered with #, and sends no text message", "[check_flows]") {
  std::string star = edited("content/nl/reset.md", "4. Neem op en druk op #.", "4. Neem op en druk op * (sterretje).");
  Checked c({{"content/nl/reset.md", star}});
  const auto& f = c.get("C26", "verify-call", "zorggroep-noorderlicht/nl/reset");
  CHECK(f.message.find("not *") != std::string::npos);
  CHECK(c.with("C26", "verify-call", "does not say to answer the call and press #").severity == Severity::error);
  Checked sms(
      {{"content/en/reset.md", with_sentence("content/en/reset.md", "verify-call", "You get a text message.")}});
  CHECK(sms.with("C26", "verify-call", "a call sends no text message").where.line > 0);
  Checked shipped;
  CHECK(shipped.count("C26") == 0);
}

TEST_CASE(
    "C08, C21, C23: unlock keeps the password, a change needs the current one, the code goes to the "
    "private address",
    "[check_flows]") {
  Checked unlock({{"content/nl/unlock.md",
                   with_sentence("content/nl/unlock.md", "unlocked", "Kies daarna een nieuw wachtwoord.")}});
  CHECK(unlock.with("C08", "unlocked", "sets no new password").severity == Severity::error);
  Checked change({{"content/en/change.md",
                   with_sentence("content/en/change.md", "fill-form",
                                 "You do not need your current password. You get a code by text message. You "
                                 "can reuse your current password.")}});
  CHECK(change.with("C21", "fill-form", "needs the current password").severity == Severity::error);
  CHECK(change.with("C21", "fill-form", "no verification code").severity == Severity::error);
  CHECK(change.with("C21", "fill-form", "differ from the current one").severity == Severity::error);
  Checked email({{"content/nl/reset.md",
                  with_sentence("content/nl/reset.md", "verify-email", "De mail gaat naar je werkmail.")}});
  CHECK(email.with("C23", "verify-email", "not to the work address").severity == Severity::error);
  // "X, not Y" affirms X: the negation after the comma does not make the work mailbox right.
  Checked contrast({{"content/nl/reset.md", with_sentence("content/nl/reset.md", "verify-email",
                                                          "De code komt op je werkmail, niet op je privéadres.")}});
  CHECK(contrast.with("C23", "verify-email", "not to the work address").severity == Severity::error);
  Checked shipped;
  CHECK(shipped.count("C08") + shipped.count("C21") + shipped.count("C23") == 0);
}

TEST_CASE("C02 and C03 in words: the number of verifications and what counts as one method", "[check_flows]") {
  // The two-methods tip shown to everyone: the one-method organisation reads "twee controles".
  std::string reset = edited("content/flows/reset.json", R"({ "id": "two-methods", "when": ["required:2"] })",
                             R"({ "id": "two-methods" })");
  // The tip names the label of the second verification, as a tip for two methods may.
  std::string tip_prose = edited("content/nl/reset.md", "{{org.name}} vraagt om twee controles.",
                                 "{{org.name}} vraagt om twee controles. Bovenaan zie je {{ui.step-two}}.");
  Checked tip({{"content/flows/reset.json", reset}, {"content/nl/reset.md", tip_prose}});
  CHECK(tip.with("C02", "two-methods", "states twee verifications").severity == Severity::error);
  CHECK(tip.with("C02", "two-methods", "{{ui.step-two}}").where.line > 0);
  for (const auto& f : tip.report.findings)
    if (f.rule == "C02") CHECK(f.group.find("gemeente-lindewijk") == 0);
  Checked gate({{"content/nl/reset.md",
                 with_sentence("content/nl/reset.md", "verify-second",
                               "Sms en bellen tellen als twee methoden. Je mag ook dezelfde methode kiezen.")}});
  CHECK(gate.with("C03", "verify-second", "count as one method").severity == Severity::error);
  CHECK(gate.with("C03", "verify-second", "needs a different method").severity == Severity::error);
}

TEST_CASE("C05, C14, C17: numbers as words and in other forms; a true maximum passes", "[check_flows]") {
  Checked words({{"content/nl/reset.md",
                  with_sentence("content/nl/reset.md", "new-password",
                                "Kies een wachtwoord van twaalf tekens. Het mag tot 256 tekens lang zijn.")},
                 {"content/en/change.md",
                  with_sentence("content/en/change.md", "fill-form", "Use a 14-character minimum, or 14 chars.")},
                 {"content/en/unlock.md", with_sentence("content/en/unlock.md", "lockout-threshold",
                                                        "After ten attempts your account locks.")}});
  CHECK(words.with("C05", "new-password", "twaalf characters").severity == Severity::error);
  CHECK(words.with("C05", "fill-form", "length of 14 characters").severity == Severity::error);
  CHECK(words.with("C17", "lockout-threshold", "after ten attempts").severity == Severity::error);
  // "mag tot 256 tekens lang zijn" is true: C05 allows a stated maximum up to 256.
  for (const auto& f : words.report.findings)
    if (f.rule == "C05") CHECK(f.message.find("256") == std::string::npos);
  // Registration says how many methods to register, and the right number.
  std::string reg = test::read_text(test::source_dir() / "content/nl/register.md");
  Checked wrong_count(
      {{"content/nl/register.md", replaced_all(reg, "minstens {{policy.methods-required}}", "minstens twee")}});
  CHECK(wrong_count.with("C14", "overview", "the organisation requires 1").where.line > 0);
  Checked silent({{"content/nl/register.md", replaced_all(reg, "minstens {{policy.methods-required}}", "genoeg")}});
  CHECK(silent.with("C14", "open-security-info", "never says how many").severity == Severity::error);
}

TEST_CASE("organisation notes and licence notes are prose: checked at their line of the config", "[check_flows]") {
  json config = test::example_config();
  auto& hospital = config["organisations"][1];
  hospital["notes"][0]["text"]["nl"] = "Je wachtwoord moet minstens 8 tekens hebben.";
  config["organisations"][2]["licence_note"]["en"] =
      "Unlocking works with Entra ID P1. After 5 attempts you are locked out.";
  Checked c({}, config);
  const auto& length = c.get("C05", "done", "ziekenhuis-rivierenland/nl/reset");
  CHECK(ends_with(length.where.file, "site-config.json"));
  CHECK(length.where.line == line_of(test::read_text(c.fixture.config_path()), "minstens 8 tekens"));
  const auto& lockout = c.get("C17", "licence note", "zorggroep-noorderlicht");
  CHECK(lockout.where.line == line_of(test::read_text(c.fixture.config_path()), "After 5 attempts"));
}

TEST_CASE("C27: a sentence that names only a method the organisation does not enable", "[check_flows]") {
  std::string reset = with_sentence("content/nl/reset.md", "done", "Je kunt ook je beveiligingsvragen gebruiken.");
  Checked c({{"content/nl/reset.md", reset}});
  const auto& f = c.get("C27", "done", "ziekenhuis-rivierenland/nl/reset");
  CHECK(f.severity == Severity::error);
  CHECK(f.where.line == line_of(reset, "Je kunt ook je beveiligingsvragen"));
  // The organisation that enables questions reads a true sentence.
  for (const auto& finding : c.report.findings)
    if (finding.rule == "C27") CHECK(finding.group.find("zorggroep-noorderlicht") == std::string::npos);
  // An example beside an enabled method only warns (the shipped prose has such sentences).
  Checked shipped;
  for (const auto& finding : shipped.report.findings)
    if (finding.rule == "C27") CHECK(finding.severity == Severity::warning);
}

TEST_CASE("a conditional span is judged for the organisations it is shown to, and its terms are no words",
          "[check_flows]") {
  // Only the municipality requires one method; the other two read no such sentence.
  std::string reset = with_sentence("content/nl/reset.md", "new-password",
                                    "{{if required:1}}Je wachtwoord heeft minstens 5 tekens.{{end}}");
  Checked c({{"content/nl/reset.md", reset}});
  const auto& f = c.get("C05", "new-password", "gemeente-lindewijk/nl/reset");
  CHECK(f.where.line == line_of(reset, "minstens 5 tekens"));
  for (const auto& finding : c.report.findings)
    if (finding.rule == "C05") CHECK(finding.group.find("gemeente-lindewijk") == 0);
  // The hospital has no security questions: the span leaves the sentence out for it, and the
  // sentence before the span, glued to it by the marker, is a clause of its own.
  Checked questions(
      {{"content/nl/reset.md",
        with_sentence("content/nl/reset.md", "done",
                      "Klaar.{{if method:questions}} Je kunt ook je beveiligingsvragen gebruiken.{{end}}")}});
  for (const auto& finding : questions.report.findings)
    CHECK_FALSE((finding.rule == "C27" && finding.subject == "done"));
  CHECK(questions.report.errors() == 0);
}

TEST_CASE("C27: a sentence a condition hides from the organisation is not judged for it", "[check_flows]") {
  // The resolved manual shows what its conditions let through; a clause missing from its HTML is
  // hidden, whatever syntax the prose uses for the condition.
  test::ProjectFixture fixture(
      test::example_config(), {{"content/nl/reset.md", with_sentence("content/nl/reset.md", "done",
                                                                     "Je kunt ook je beveiligingsvragen gebruiken.")}});
  Diagnostics diags;
  auto project = load_project(fixture.config_path(), diags);
  REQUIRE(project);
  std::set<FallbackUse> fallbacks;
  ResolveContext resolve{project->config, project->content, project->locales, diags, fallbacks};
  auto vocabulary = load_vocabulary(*project, diags);
  REQUIRE(vocabulary);
  FlowCheckContext ctx{*project, project->screens, *vocabulary};
  auto count = [&](Manual& manual) {
    Report report;
    FindingSink sink(report, "m");
    ProseRules(ctx).check(manual, project->screens.at("reset"), sink);
    return std::count_if(report.findings.begin(), report.findings.end(),
                         [](const Finding& f) { return f.rule == "C27"; });
  };
  Manual manual = resolve_manual(resolve, project->config.organisations[1], "nl", "reset", LinkStyle::pages);
  CHECK(count(manual) == 1);
  for (auto& step : manual.steps)
    if (step.id == "done") step.html = replaced_all(step.html, "Je kunt ook je beveiligingsvragen gebruiken.", "");
  CHECK(count(manual) == 0);
}

TEST_CASE("M02: a confirmed label's text changed without new evidence", "[check_flows]") {
  std::string ui =
      edited("locales/nl/ui.json", R"("button-text": {"text": "Tekst")", R"("button-text": {"text": "Sms")");
  Checked c({{"locales/nl/ui.json", ui}});
  const auto& f = c.get("M02", "RST.Vk.SMS/button-text", "locales/nl");
  CHECK(f.severity == Severity::error);
  CHECK(f.message.find("was confirmed as \"Tekst\" from S-001, S-003, S-002") != std::string::npos);
  CHECK(f.where.line == line_of(ui, R"("button-text": {"text": "Sms")"));
  // A locale without a record (in the project or shipped) is told that its changes go unnoticed.
  test::ProjectFixture fixture(test::example_config(),
                               {{"locales/nl-BE/locale.json", R"J({"name": "Nederlands (België)", "fallback": "nl"})J"},
                                {"locales/nl-BE/ui.json", "{}"},
                                {"locales/nl-BE/theme.json", "{}"}});
  Diagnostics diags;
  auto project = load_project(fixture.config_path(), diags);
  REQUIRE(project);
  Report report = check_flows(*project, {}, {}, diags);
  CHECK(std::any_of(report.findings.begin(), report.findings.end(), [](const Finding& x) {
    return x.rule == "M02" && x.severity == Severity::warning && x.group == "locales/nl-BE";
  }));
  CHECK_FALSE(std::any_of(report.findings.begin(), report.findings.end(), [](const Finding& x) {
    return x.rule == "M02" && x.severity == Severity::warning && x.group == "locales/en";
  }));
}

TEST_CASE("M03: two labels of one screen with one text for different things", "[check_flows]") {
  std::string ui = edited("locales/en/ui.json", R"("finish":                 {"text": "Finish")",
                          R"("finish":                 {"text": "Cancel")");
  Checked c({{"locales/en/ui.json", ui}});
  CHECK(c.with("M03", "RST.NEWPWD/cancel", "as \"finish\" does").severity == Severity::error);
  Checked shipped;
  CHECK(shipped.count("M03") == 0);
}

TEST_CASE("C20: a Dutch manual that falls back to English labels", "[check_flows]") {
  json ui = json::parse(test::read_text(test::source_dir() / "locales/nl/ui.json"));
  ui["RST.NEWPWD"].erase("finish");
  Checked c({{"locales/nl/ui.json", ui.dump(2)}});
  const auto& f = c.with("C20", "new-password", "falls back to en");
  CHECK(f.severity == Severity::error);
  CHECK(f.message.find("\"Finish\"") != std::string::npos);
  CHECK(c.with("C20", "new-password", "the picture of RST.NEWPWD").severity == Severity::error);
}

TEST_CASE("P03: a locale without vocabulary in its language is checked only in part", "[check_flows]") {
  json config = test::example_config();
  config["organisations"][0]["locales"] = json::array({"nl", "nl-BE", "de"});
  config["organisations"][0]["servicedesk"]["hours"]["nl-BE"] = "maandag tot vrijdag";
  config["organisations"][0]["servicedesk"]["hours"]["de"] = "Montag bis Freitag";
  Checked c({{"locales/nl-BE/locale.json", R"J({"name": "Nederlands (België)", "fallback": "nl"})J"},
             {"locales/de/locale.json", R"J({"name": "Deutsch", "fallback": "en"})J"}},
            config);
  CHECK(c.get("P03", "de", "locales/de").severity == Severity::warning);
  CHECK(c.count("P03") == 1);  // nl-BE is read with nl's words
}

TEST_CASE("C06: a made-up button name in bold", "[check_flows]") {
  std::string reset = edited("content/nl/reset.md", "3. Klik op {{ui.next}}.\n\n### [captcha-case]",
                             "3. Klik op **Doorgaan**.\n\n### [captcha-case]");
  Checked c({{"content/nl/reset.md", reset}});
  const auto& f = c.with("C06", "enter-account", "no screen of the model has a label \"Doorgaan\"");
  CHECK(f.where.line == line_of(reset, "Klik op **Doorgaan**"));
}

TEST_CASE("C09 and C01: steps repeated or missing, options not named", "[check_flows]") {
  // The change manual without the step that opens the form.
  std::string change =
      edited("content/flows/change.json", R"(    { "id": "open-password", "screens": ["CHG.MYACCOUNT"] },
)",
             "");
  Checked no_form({{"content/flows/change.json", change},
                   {"content/nl/change.md", without_section("content/nl/change.md", "open-password")},
                   {"content/en/change.md", without_section("content/en/change.md", "open-password")}});
  CHECK(
      no_form.with("C09", "open-my-account", "from CHG.MYACCOUNT to CHG.FORM").message.find("{{ui.change-password}}") !=
      std::string::npos);
  // The same step twice.
  json structure = json::parse(test::read_text(test::source_dir() / "content/flows/change.json"));
  json again = structure["steps"][2];
  again["id"] = "fill-form-again";
  structure["steps"].insert(structure["steps"].begin() + 3, again);
  auto twice = [](const std::string& rel) {
    std::string prose = test::read_text(test::source_dir() / rel);
    auto start = prose.find("## [fill-form]");
    auto end = prose.find("\n## ", start) + 1;
    std::string copy = prose.substr(start, end - start);
    return prose.insert(end, replaced_all(copy, "[fill-form]", "[fill-form-again]"));
  };
  Checked repeated({{"content/flows/change.json", structure.dump(2)},
                    {"content/nl/change.md", twice("content/nl/change.md")},
                    {"content/en/change.md", twice("content/en/change.md")}});
  CHECK(repeated.with("C09", "fill-form-again", "repeats step `fill-form`").severity == Severity::error);
  // The second verification step is on the same pick screen as the first, for another method.
  Checked shipped;
  CHECK(shipped.count("C09") == 0);
  // A choice that never says which option to pick.
  Checked no_option(
      {{"content/nl/reset.md", edited("content/nl/reset.md", "1. Kies {{ui.option-sms}}.", "1. Kies het bericht.")}});
  CHECK(no_option.with("C09", "verify-sms", "does not name the option").message.find("{{ui.option-sms}}") !=
        std::string::npos);
  // Registration without the step that adds the methods.
  json reg = json::parse(test::read_text(test::source_dir() / "content/flows/register.json"));
  auto& steps = reg["steps"];
  steps.erase(std::find_if(steps.begin(), steps.end(), [](const json& s) { return s["id"] == "add-method"; }));
  Checked no_add({{"content/flows/register.json", reg.dump(2)},
                  {"content/nl/register.md", without_section("content/nl/register.md", "add-method")},
                  {"content/en/register.md", without_section("content/en/register.md", "add-method")}});
  CHECK(no_add.with("C01", "phone-only", "no step of the register manual explains the methods").severity ==
        Severity::error);
}

TEST_CASE("C18: the notification's choice says to type the number", "[check_flows]") {
  std::string reset = edited("content/en/reset.md", "Type that number in the Authenticator app and tap", "Tap");
  Checked c({{"content/en/reset.md", reset}});
  CHECK(c.get("C18", "verify-app-notification", "zorggroep-noorderlicht/en/reset").severity == Severity::error);
}
