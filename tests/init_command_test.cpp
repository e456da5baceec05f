// `manualgen init`, through the real program (whose base layer is the source tree).

#include <catch2/catch.hpp>
#include <filesystem>

#include "generator/load/project.h"
#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

TEST_CASE("init writes a project that loads without a problem", "[init]") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "handleidingen";
  std::string output;
  REQUIRE(test::run_manualgen("init " + dir.string(), output) == 0);
  INFO(output);
  for (const char* file :
       {"site-config.json", "assets/logos/logo.svg", "README.md", ".github/workflows/manuals.yml", ".gitlab-ci.yml"})
    CHECK(fs::is_regular_file(dir / file));
  // The "$schema" and "_comment" fields are for editors and people; the loader takes the rest.
  const std::string config = test::read_text(dir / "site-config.json");
  CHECK(config.find("\"$schema\": \"" + (test::source_dir() / "site-config.schema.json").string() + "\"") !=
        std::string::npos);
  CHECK(config.find("\"_comment\"") != std::string::npos);
  Diagnostics diags;
  auto project = load_project((dir / "site-config.json").string(), diags);
  INFO(test::messages(diags));
  REQUIRE(project);
  CHECK(diags.all().empty());
  CHECK(project->config.organisations.size() == 1);
}

TEST_CASE("init overwrites nothing: it names the files already there and writes none", "[init]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "site-config.json", "mine");
  test::write_text(tmp.path() / "README.md", "mine too");
  std::string output;
  CHECK(test::run_manualgen("init " + tmp.path().string(), output) == 2);
  CHECK(output.find((tmp.path() / "site-config.json").string()) != std::string::npos);
  CHECK(output.find((tmp.path() / "README.md").string()) != std::string::npos);
  CHECK(output.find("logo.svg") == std::string::npos);
  CHECK(test::read_text(tmp.path() / "site-config.json") == "mine");
  CHECK_FALSE(fs::exists(tmp.path() / "assets"));
}
