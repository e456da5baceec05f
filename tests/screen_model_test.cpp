// The screen model (model/screen_model): the shipped files load, transitions come from the actions
// that cause them, and mistakes in a model file are located.

#include "generator/model/screen_model.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

FlowModel load(const std::string& flow) {
  Diagnostics diags;
  auto model = load_flow_model(ProjectFiles(test::source_dir().string(), ""), "content/screens", flow, diags);
  INFO(flow);
  for (const auto& d : diags.all()) INFO(format_diagnostic(d));
  REQUIRE(model);
  REQUIRE_FALSE(diags.has_errors());
  return *model;
}

std::vector<std::string> targets(const ModelState& state) {
  std::vector<std::string> out;
  for (const auto& t : state.next) out.push_back(t.to);
  return out;
}

// Loads a model folder holding `files` (name → text).
Diagnostics load_folder(const std::map<std::string, std::string>& files) {
  test::TempDir dir;
  for (const auto& [name, text] : files) test::write_text(dir.path() / "screens" / name, text);
  Diagnostics diags;
  load_flow_model(ProjectFiles(dir.path().string(), ""), "screens", "reset", diags);
  return diags;
}

std::string all(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.all()) out += format_diagnostic(d) + "\n";
  return out;
}

}  // namespace

TEST_CASE("screen model: the shipped models load and every state they name exists", "[screen_model]") {
  for (const char* flow : {"register", "reset", "unlock", "change"}) {
    FlowModel model = load(flow);
    CHECK(model.flow == flow);
    CHECK_FALSE(model.start.empty());
  }
}

TEST_CASE("screen model: transitions are the targets of the screen's actions", "[screen_model]") {
  FlowModel reset = load("reset");
  const ModelState* who = reset.state("RST.WHO");
  REQUIRE(who);
  // Next leads to the reason screen where unlock is allowed, else straight to verification;
  // Cancel leaves the flow.
  auto to = targets(*who);
  CHECK(std::count(to.begin(), to.end(), "RST.WHY") == 1);
  CHECK(std::count(to.begin(), to.end(), "RST.Vk.PICK") == 1);
  CHECK(std::count(to.begin(), to.end(), "END_CANCELLED") == 1);
  CHECK(reset.state("END_CANCELLED")->kind == ModelState::Kind::exit);

  // In the reset flow the unlock option leads off the path; in the unlock flow it leads on.
  const ScreenElement* unlock_option = reset.state("RST.WHY")->element("option-unlock");
  REQUIRE(unlock_option);
  CHECK(targets_of(*unlock_option, *reset.state("RST.WHY"), reset).front().to == "EXIT:unlock");
  FlowModel unlock = load("unlock");
  CHECK(targets_of(*unlock_option, *unlock.state("RST.WHY"), unlock).front().to == "RST.Vk.PICK");

  // The code's Next ends the verification step; the pick screen's options carry their methods.
  CHECK(reset.state("RST.Vk.SMS_CODE")->completes_verification);
  CHECK_FALSE(reset.state("RST.Vk.SMS")->completes_verification);
  const ModelState* pick = reset.state("RST.Vk.PICK");
  auto sms =
      std::find_if(pick->next.begin(), pick->next.end(), [](const Transition& t) { return t.to == "RST.Vk.SMS"; });
  REQUIRE(sms != pick->next.end());
  CHECK(sms->methods == std::vector<Method>{Method::sms});

  // Register's sign-in leads to the flow's own signed-in screen.
  FlowModel reg = load("register");
  auto after = targets(*reg.state("REG.SIGNIN_PWD"));
  CHECK(std::count(after.begin(), after.end(), "REG.SECINFO") == 1);
  FlowModel change = load("change");
  auto after_change = targets(*change.state("REG.SIGNIN_PWD"));
  CHECK(std::count(after_change.begin(), after_change.end(), "CHG.MYACCOUNT") == 1);
}

TEST_CASE("screen model: the labels by screen include the progress indicator's parts", "[screen_model]") {
  FlowModel reset = load("reset");
  auto labels = reset.labels_by_screen();
  auto& pick = labels["RST.Vk.PICK"];
  CHECK(std::count(pick.begin(), pick.end(), "step-two") == 1);
  auto& newpwd = labels["RST.NEWPWD"];
  CHECK(std::count(newpwd.begin(), newpwd.end(), "step-new-password") == 1);
  CHECK(reset.progress.at(2).size() == 3);
}

TEST_CASE("screen model: mistakes are reported at their line", "[screen_model]") {
  auto diags = load_folder({{"reset.json", R"({
  "flow": "reset",
  "start": ["RST.WHO"],
  "states": {
    "RST.WHO": {
      "elements": [
        { "kind": "buton", "label": "next" },
        { "kind": "title", "label": "header", "to": "RST.WHO" },
        { "kind": "button", "label": "next", "to": "NOWHERE" },
        { "kind": "field", "value": "shoe-size" }
      ]
    }
  }
})"}});
  std::string text = all(diags);
  CHECK(text.find("screens/reset.json:7:") != std::string::npos);
  CHECK(text.find("unknown element kind \"buton\"") != std::string::npos);
  CHECK(text.find("only options, buttons and links lead somewhere") != std::string::npos);
  CHECK(text.find("unknown state \"NOWHERE\"") != std::string::npos);
  CHECK(text.find("unknown field value \"shoe-size\"") != std::string::npos);
}
