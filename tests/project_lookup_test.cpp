#include "generator/core/project_lookup.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names(const std::vector<FolderEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.relative);
  return out;
}

// A user's project: the example's config and logos, nothing else; the rest comes from the base
// layer, which a program in the build tree finds in the source tree (base_layer.h).
struct LayeredProject {
  explicit LayeredProject(const nlohmann::json& config = test::example_config()) {
    fs::copy(test::source_dir() / "assets", dir.path() / "assets", fs::copy_options::recursive);
    test::write_text(dir.path() / "site-config.json", config.dump(2));
  }
  std::string config() const { return (dir.path() / "site-config.json").string(); }
  test::TempDir dir;
};

// The files of the site built from `config` into `out`, but the build's records (they hold the
// inputs' fingerprints).
std::map<std::string, std::string> built(const std::string& config, const fs::path& out) {
  auto run = test::build(config, out.string());
  INFO(run.messages());
  REQUIRE(run.ok);
  auto files = test::snapshot(out);
  std::erase_if(files, [](const auto& file) { return file.first.rfind(".manualgen-", 0) == 0; });
  return files;
}

// Gives every text of `value` written per locale ({"nl": …}) the same text in `locale` too.
void add_locale_texts(nlohmann::json& value, const std::string& locale) {
  if (value.is_object() && value.contains("nl") && value["nl"].is_string()) value[locale] = value["nl"];
  if (value.is_structured())
    for (auto& item : value) add_locale_texts(item, locale);
}

}  // namespace

TEST_CASE("a file of the project overrides the shipped one; the others come from the base layer", "[project_lookup]") {
  test::TempDir project;
  test::TempDir base;
  test::write_text(project.path() / "content/nl/reset.md", "project");
  test::write_text(base.path() / "content/nl/reset.md", "base");
  test::write_text(base.path() / "content/nl/unlock.md", "base");
  test::write_text(project.path() / "locales/fy/locale.json", "{}");
  test::write_text(base.path() / "locales/nl/locale.json", "{}");
  const ProjectFiles files(project.path().string(), base.path().string());

  auto reset = files.find("content/nl/reset.md");
  CHECK(reset.layer == ProjectFiles::Layer::project);
  CHECK(test::read_text(reset.path) == "project");
  auto unlock = files.find("content/nl/unlock.md");
  CHECK(unlock.layer == ProjectFiles::Layer::base);
  CHECK(unlock.shown == (base.path() / "content/nl/unlock.md").string());  // the shipped file, in full
  // Missing in both: the project's path, so the message names the file the user would write.
  CHECK(files.find("content/nl/change.md").path == (project.path() / "content/nl/change.md").string());
  CHECK(names(files.list("locales")) == std::vector<std::string>{"fy", "nl"});
  CHECK(names(files.list("content/nl")) == std::vector<std::string>{"reset.md", "unlock.md"});
  CHECK(files.is_folder("locales/nl"));
  CHECK_FALSE(files.is_folder("locales/de"));
}

TEST_CASE("a project that is its own base layer has no second layer", "[project_lookup]") {
  test::TempDir project;
  const ProjectFiles files(project.path().string(), (project.path() / ".").string());
  CHECK(files.base().empty());
}

TEST_CASE("a project with only its config and logos builds the example's site from the base layer",
          "[project_lookup]") {
  LayeredProject project;
  test::TempDir out;
  test::ProjectFixture copy(test::example_config());  // the same project with every input copied in
  test::TempDir copy_out;
  CHECK(built(project.config(), out.path()) == built(copy.config_path(), copy_out.path()));
}

TEST_CASE("an override of one prose file changes only that text", "[project_lookup]") {
  LayeredProject plain;
  LayeredProject edited;
  const std::string shipped = test::read_text(test::source_dir() / "content/nl/reset.md");
  const std::string old_text = "Dan kies je zelf een nieuw wachtwoord";
  const std::string new_text = "Dan stel je zelf een nieuw wachtwoord in";
  REQUIRE(shipped.find(old_text) != std::string::npos);
  std::string changed = shipped;
  changed.replace(changed.find(old_text), old_text.size(), new_text);
  test::write_text(edited.dir.path() / "content/nl/reset.md", changed);

  test::TempDir plain_out;
  test::TempDir edited_out;
  const auto before = built(plain.config(), plain_out.path());
  const auto after = built(edited.config(), edited_out.path());
  REQUIRE(before.size() == after.size());
  int differing = 0;
  for (const auto& [path, text] : after) {
    INFO(path);
    REQUIRE(before.count(path));
    if (text == before.at(path)) continue;
    ++differing;
    std::string undone = text;
    for (size_t at; (at = undone.find(new_text)) != std::string::npos;) undone.replace(at, new_text.size(), old_text);
    CHECK(undone == before.at(path));
  }
  CHECK(differing > 0);
}

TEST_CASE("a project adds a locale with a folder of its own", "[project_lookup]") {
  nlohmann::json config = test::example_config();
  config["organisations"][0]["locales"] = {"nl", "fy"};
  add_locale_texts(config["organisations"][0], "fy");
  LayeredProject project(config);
  test::write_text(project.dir.path() / "locales/fy/locale.json", R"({"name": "Frysk", "fallback": "nl"})");
  test::write_text(project.dir.path() / "locales/fy/theme.json", R"({"manual-title": "Hânlieding"})");
  test::TempDir out;
  auto run = test::build(project.config(), out.path().string());
  INFO(run.messages());
  REQUIRE(run.ok);
  const std::string org = config["organisations"][0]["id"];
  CHECK(test::read_text(out.path() / org / "fy/manual.html").find("Hânlieding") != std::string::npos);
}

TEST_CASE("build -v says where each input came from", "[project_lookup]") {
  LayeredProject project;
  test::write_text(project.dir.path() / "content/nl/reset.md",
                   test::read_text(test::source_dir() / "content/nl/reset.md"));
  test::TempDir out;
  std::string output;
  REQUIRE(test::run_manualgen("build -v --config " + project.config() + " --out " + out.path().string(), output) == 0);
  INFO(output);
  CHECK(output.find("  project  " + (project.dir.path() / "content/nl/reset.md").string() + "\n") != std::string::npos);
  CHECK(output.find("  shipped  " + (test::source_dir() / "content/nl/unlock.md").string() + "\n") !=
        std::string::npos);
  CHECK(output.find("  shipped  " + (test::source_dir() / "content/nl/reset.md").string()) == std::string::npos);
  CHECK(output.find("manualgen: inputs: 1 from the project, ") != std::string::npos);
}
