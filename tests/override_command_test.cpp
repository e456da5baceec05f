// `manualgen override` and the build's warning when the shipped file moved on, through the real
// program over a copy of the base layer (MANUALGEN_BASE), so the test can "upgrade" it.

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "generator/load/overrides.h"
#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

// A copy of the shipped files as the base layer of every program this test starts, and a project
// made by `manualgen init` over it.
struct UpgradableBase {
  UpgradableBase() {
    fs::create_directories(base);
    for (const char* folder : {"content", "locales", "themes", "checks", "project-template"})
      fs::copy(test::source_dir() / folder, base / folder, fs::copy_options::recursive);
    setenv("MANUALGEN_BASE", base.c_str(), 1);
    std::string output;
    REQUIRE(test::run_manualgen("init " + project.string(), output) == 0);
  }
  ~UpgradableBase() { unsetenv("MANUALGEN_BASE"); }
  UpgradableBase(const UpgradableBase&) = delete;
  UpgradableBase& operator=(const UpgradableBase&) = delete;

  // Runs `manualgen <command> --config <the project's config> <more>`.
  int run(const std::string& command, const std::string& more, std::string& output) const {
    return test::run_manualgen(command + " --config " + (project / "site-config.json").string() + " " + more, output);
  }
  int build(std::string& output) const { return run("build", "-q --out " + (tmp.path() / "public").string(), output); }

  test::TempDir tmp;
  fs::path base = tmp.path() / "share/manualgen";
  fs::path project = tmp.path() / "project";
};

}  // namespace

TEST_CASE("override copies the shipped file and records its version; it never replaces a file", "[override]") {
  UpgradableBase setup;
  std::string output;
  REQUIRE(setup.run("override", "content/nl/reset.md", output) == 0);
  INFO(output);
  CHECK(test::read_text(setup.project / "content/nl/reset.md") == test::read_text(setup.base / "content/nl/reset.md"));
  auto record = nlohmann::json::parse(test::read_text(setup.project / kOverridesFile));
  CHECK(record["overrides"]["content/nl/reset.md"]["shipped"].is_string());

  test::write_text(setup.project / "content/nl/reset.md", "# mine\n");
  CHECK(setup.run("override", "content/nl/reset.md", output) == 2);
  CHECK(output.find("the project already has") != std::string::npos);
  CHECK(test::read_text(setup.project / "content/nl/reset.md") == "# mine\n");
  CHECK(setup.run("override", "../outside.md", output) == 2);
  CHECK(setup.run("override", "content/nl/nothing-shipped.md", output) == 2);
  CHECK(setup.run("override", "--accept content/nl/unlock.md", output) == 2);  // the project has no copy
}

TEST_CASE("the build warns when an override's shipped file changes, until it is accepted", "[override]") {
  UpgradableBase setup;
  std::string output;
  REQUIRE(setup.run("override", "content/nl/reset.md", output) == 0);
  REQUIRE(setup.build(output) == 0);
  CHECK(output.find("warning") == std::string::npos);

  // A later manualgen ships another version of the file.
  test::write_text(setup.base / "content/nl/reset.md",
                   test::read_text(setup.base / "content/nl/reset.md") + "\nA new paragraph from upstream.\n");
  REQUIRE(setup.build(output) == 0);
  INFO(output);
  const std::string shipped = (setup.base / "content/nl/reset.md").string();
  CHECK(output.find("content/nl/reset.md overrides an older version of the shipped file; compare with " + shipped) !=
        std::string::npos);

  REQUIRE(setup.run("override", "--accept content/nl/reset.md", output) == 0);
  REQUIRE(setup.build(output) == 0);
  CHECK(output.find("older version") == std::string::npos);
}

TEST_CASE("an upgrade of the shipped files rebuilds a project's site that had nothing else to do", "[override]") {
  UpgradableBase setup;
  std::string output;
  REQUIRE(setup.build(output) == 0);
  const fs::path page = setup.tmp.path() / "public/waterschap-veenweide/nl/reset/index.html";
  REQUIRE(fs::exists(page));
  const std::string old_text = "Wachtwoord vergeten, of nooit een wachtwoord gekregen?";
  REQUIRE(test::read_text(page).find(old_text) != std::string::npos);
  std::string shipped = test::read_text(setup.base / "content/nl/reset.md");
  shipped.replace(shipped.find(old_text), old_text.size(), "Wachtwoord kwijt?");
  test::write_text(setup.base / "content/nl/reset.md", shipped);
  REQUIRE(setup.build(output) == 0);
  INFO(output);
  CHECK(test::read_text(page).find(old_text) == std::string::npos);
  CHECK(test::read_text(page).find("Wachtwoord kwijt?") != std::string::npos);
}
