// End to end, through the real binary: an output folder that cannot be trusted (it may come from a
// CI cache or a synced folder). Its state files name paths outside it, links are planted in it,
// it is itself a link; nothing outside --out is ever touched.

#include <catch2/catch.hpp>
#include <map>

#include "test_support.h"

using namespace manualgen;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Every file of a folder, relative path → bytes; the build's records left out.
std::map<std::string, std::string> pages_of(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string rel = e.path().lexically_relative(dir).string();
    if (e.is_regular_file() && rel != ".manualgen-state.json" && rel != ".manualgen-inputs.json")
      files[rel] = test::read_text(e.path());
  }
  return files;
}

// A project with the example config and a site built from it.
struct BuiltSite {
  test::ProjectFixture project{test::example_config()};
  fs::path out = project.dir() / "public";
  std::string args = " --config " + project.config_path() + " --out " + out.string();
  std::map<std::string, std::string> pages;

  BuiltSite() {
    std::string output;
    REQUIRE(test::run_manualgen("build -q" + args, output) == 0);
    pages = pages_of(out);
  }
  int build(const std::string& options, std::string& output) const {
    return test::run_manualgen("build" + options + args, output);
  }
  // As after a build of some organisations: the next build loads the project and reads the state.
  void forget_inputs() const { test::write_text(out / ".manualgen-inputs.json", "{\"recorded\": false}\n"); }
};

}  // namespace

TEST_CASE("a state file naming paths outside --out is ignored with a warning, and nothing outside is touched",
          "[build][state]") {
  BuiltSite site;
  const fs::path victim = site.project.dir() / "victim.txt";
  const std::string org = "gemeente-lindewijk";
  struct Case {
    const char* what;
    std::string id;  // an organisation of the config (rebuilt) or one it no longer has (removed)
    std::string file;
  };
  const std::vector<Case> cases = {
      {"a parent folder", "gone", "../victim.txt"},
      {"an absolute path", "gone", victim.string()},
      {"out of the organisation's folder", "gone", "gone/../../victim.txt"},
      {"a backslash", "gone", "gone\\..\\..\\victim.txt"},
      {"another organisation's file", "gone", org + "/nl/index.html"},
      {"a short string", org, "g"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      test::write_text(victim, "not the site's");
      json state = json::parse(test::read_text(site.out / ".manualgen-state.json"));
      state["organisations"][c.id] = {{"fingerprint", "from an older build"}, {"files", {c.file}}};
      test::write_text(site.out / ".manualgen-state.json", state.dump(1));
      site.forget_inputs();

      std::string output;
      REQUIRE(site.build("", output) == 0);
      INFO(output);
      CHECK(output.find(site.out.string() + "/.manualgen-state.json: warning: " + json(c.file).dump() +
                        " is not a file organisation \"" + c.id + "\" could have made") != std::string::npos);
      CHECK(output.find("(at /organisations/" + c.id + "/files/0)") != std::string::npos);
      CHECK(output.find("(5 organisation-locales rendered)") != std::string::npos);  // everything, as asked
      CHECK(test::read_text(victim) == "not the site's");
      CHECK(pages_of(site.out) == site.pages);
      // The build wrote a state of its own: the next one has nothing to say.
      REQUIRE(site.build("", output) == 0);
      CHECK(output.find("warning") == std::string::npos);
    }
  }
}

TEST_CASE("an inputs record naming files outside the project is ignored with a warning", "[build][state]") {
  BuiltSite site;
  json record = json::parse(test::read_text(site.out / ".manualgen-inputs.json"));
  REQUIRE(record.at("recorded") == true);
  record["inputs"].push_back("/etc/passwd");
  test::write_text(site.out / ".manualgen-inputs.json", record.dump(1));

  std::string output;
  REQUIRE(site.build(" -v", output) == 0);
  INFO(output);
  CHECK(output.find(site.out.string() + "/.manualgen-inputs.json: warning: \"/etc/passwd\" is not an input a build") !=
        std::string::npos);
  CHECK(output.find("nothing was loaded") == std::string::npos);
  CHECK(pages_of(site.out) == site.pages);
  // A build with a warning records nothing (so the warning shows again); the next one records.
  REQUIRE(site.build(" -v", output) == 0);
  CHECK(output.find("warning") == std::string::npos);
  REQUIRE(site.build(" -v", output) == 0);
  CHECK(output.find("nothing was loaded") != std::string::npos);
}
TEST_CASE("a state file that is a symbolic link is not read through", "[build][state]") {
  BuiltSite site;
  const fs::path outside = site.project.dir() / "outside.json";
  test::write_text(outside, test::read_text(site.out / ".manualgen-state.json"));
  fs::remove(site.out / ".manualgen-state.json");
  fs::create_symlink(outside, site.out / ".manualgen-state.json");
  site.forget_inputs();
  const std::string before = test::read_text(outside);

  std::string output;
  REQUIRE(site.build("", output) == 0);
  INFO(output);
  CHECK(output.find("/.manualgen-state.json: warning: the build state cannot be read: it is a symbolic link") !=
        std::string::npos);
  CHECK(test::read_text(outside) == before);
  CHECK_FALSE(fs::is_symlink(site.out / ".manualgen-state.json"));
  CHECK(pages_of(site.out) == site.pages);
}

TEST_CASE("links planted in the output folder are not written through, and are left out with a warning",
          "[build][links]") {
  BuiltSite site;
  const fs::path victim = site.project.dir() / "victim.html";
  const fs::path elsewhere = site.project.dir() / "elsewhere";
  test::write_text(victim, "not the site's");
  fs::create_directories(elsewhere);
  const fs::path page = site.out / "gemeente-lindewijk/nl/index.html";
  fs::remove(page);
  fs::create_symlink(victim, page);
  fs::create_directory_symlink(elsewhere, site.out / "gemeente-lindewijk/en");
  site.forget_inputs();

  std::string output;
  REQUIRE(site.build("", output) == 0);
  INFO(output);
  CHECK(output.find(page.string() + ": warning: a symbolic link") != std::string::npos);
  CHECK(test::read_text(victim) == "not the site's");
  CHECK(fs::is_empty(elsewhere));
  CHECK_FALSE(fs::exists(fs::symlink_status(page)));
  CHECK_FALSE(fs::exists(fs::symlink_status(site.out / "gemeente-lindewijk/en")));
  // The organisation was not rendered (nothing of it changed): its page comes back with the next
  // build, which renders it again.
  REQUIRE(site.build("", output) == 0);
  CHECK(output.find("(1 organisation-locale rendered)") != std::string::npos);
  CHECK(output.find("warning") == std::string::npos);
  CHECK(pages_of(site.out) == site.pages);
  CHECK_FALSE(fs::is_symlink(page));
}

TEST_CASE("an --out that is a symbolic link is published into the folder it points at, and stays a link",
          "[build][links]") {
  test::ProjectFixture project(test::example_config());
  const fs::path real = project.dir() / "releases/manual";
  const fs::path link = project.dir() / "public";
  fs::create_directories(real);
  fs::create_directory_symlink("releases/manual", link);
  const std::string args = " --config " + project.config_path() + " --out " + link.string();
  std::string output;
  REQUIRE(test::run_manualgen("build" + args, output) == 0);
  INFO(output);
  CHECK(output.find(" files in " + link.string() + "/ (") != std::string::npos);
  CHECK(fs::is_symlink(link));
  CHECK(fs::exists(real / "gemeente-lindewijk/nl/index.html"));
  // An update (a change of one organisation) goes into the same folder, the link untouched.
  json config = test::example_config();
  config["organisations"][0]["document"]["version"] = "9.9";
  test::write_text(project.config_path(), config.dump(2));
  REQUIRE(test::run_manualgen("build -q" + args, output) == 0);
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == "releases/manual");
  CHECK(test::read_text(real / "gemeente-lindewijk/nl/manual.html").find("9.9") != std::string::npos);
  // The lock was the folder's, whatever it is called, and went with the build: nothing is left
  // beside the link or the folder.
  CHECK_FALSE(fs::exists(project.dir() / "releases/.manual.lock"));
  CHECK_FALSE(fs::exists(project.dir() / ".public.lock"));
}
