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
  const auto& f = c.get("C13", "open-portal", "ziekenhuis-rivierenland/en/reset");
  CHECK(f.severity == Severity::warning);
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
  CHECK(output.find("(1 organisations, ") != std::string::npos);
}
