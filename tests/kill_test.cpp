// A build killed at any moment (SIGKILL: no destructor, no cleanup) leaves the published site whole:
// the old one or the new one, byte for byte, never a mix; and the next build succeeds and clears
// what the killed one left beside the output.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "test_support.h"

using namespace manualgen;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using SiteFiles = std::map<std::string, std::string>;

// What builds left beside `out` (staging folders, old sites), by name; not the lock.
std::vector<fs::path> left_beside(const fs::path& out) {
  std::vector<fs::path> left;
  const std::string prefix = "." + out.filename().string() + ".";
  for (const auto& entry : fs::directory_iterator(out.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name != prefix + "lock") left.push_back(entry.path());
  }
  return left;
}

// A project with two configs, A and B, and the site each makes as an update of the other. B
// renames half of A's organisations and drops one, so an update writes some files, keeps others
// and removes some. The output also holds a file of its owner's, which both keep.
struct TwoVersions {
  test::ProjectFixture project{test::example_config()};
  const fs::path out = project.dir() / "public";
  const std::string a = (project.dir() / "a.json").string();
  const std::string b = (project.dir() / "b.json").string();
  SiteFiles site_a, site_b;

  explicit TwoVersions(int organisations) {
    json config = test::many_organisations(organisations);
    test::write_text(a, config.dump(2));
    for (int i = 0; i < organisations; i += 2) config["organisations"][i]["name"] = "Hernoemd " + std::to_string(i);
    config["organisations"].erase(1);
    test::write_text(b, config.dump(2));
    REQUIRE(build(a) == 0);
    test::write_text(out / "owner/notes.txt", "not manualgen's");
    site_a = test::snapshot(out);
    REQUIRE(build(b) == 0);
    site_b = test::snapshot(out);
    REQUIRE(site_a != site_b);
  }
  int build(const std::string& config) const {
    std::string output;
    return test::run_manualgen("build -q --jobs 1 --config " + config + " --out " + out.string(), output);
  }
  std::vector<std::string> args(const std::string& config) const {
    return {"build", "-q", "--jobs", "1", "--config", config, "--out", out.string()};
  }
};

}  // namespace

TEST_CASE("a build killed while it renders leaves the previous site complete and byte-identical", "[build][kill]") {
  test::ProjectFixture project(test::example_config());
  const fs::path out = project.dir() / "public";
  std::string output;
  REQUIRE(test::run_manualgen("build -q --config " + project.config_path() + " --out " + out.string(), output) == 0);
  const auto before = test::snapshot(out);
  REQUIRE(before.size() > 20);

  // A config large enough that the build is still rendering when it is killed.
  const fs::path big = project.dir() / "big-config.json";
  test::write_text(big, test::many_organisations(200).dump(2));
  pid_t pid = test::spawn_manualgen({"build", "-q", "--jobs", "1", "--config", big.string(), "--out", out.string()});
  REQUIRE(pid > 0);
  const fs::path staging = project.dir() / (".public.staging-" + std::to_string(pid));
  // Kill once it has written pages of the organisations to staging.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  int status = 0;
  bool exited = false;
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    if (fs::exists(staging / "org-3", ec)) break;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!exited) {
    REQUIRE(kill(pid, SIGKILL) == 0);
    status = test::wait_for(pid);
  }
  INFO("the build finished before it could be killed; give it more organisations");
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
  CHECK(fs::exists(staging));  // what the killed build left behind

  CHECK(test::snapshot(out) == before);

  // The next build (with a change, so it writes) succeeds and removes the dead build's staging.
  json config = test::example_config();
  config["organisations"][0]["document"]["version"] = "9.9";
  test::write_text(project.config_path(), config.dump(2));
  REQUIRE(test::run_manualgen("build -q --config " + project.config_path() + " --out " + out.string(), output) == 0);
  CHECK_FALSE(fs::exists(staging));
  auto after = test::snapshot(out);
  CHECK(after.size() == before.size());
  CHECK(after.at("gemeente-lindewijk/nl/manual.html") != before.at("gemeente-lindewijk/nl/manual.html"));
}

TEST_CASE("a build killed just before or just after it exchanges the folders leaves one whole site", "[build][kill]") {
  TwoVersions versions(6);
  REQUIRE(versions.build(versions.a) == 0);
  struct Moment {
    const char* point;
    bool published;  // whether the new site is in place at that moment
  };
  for (const Moment moment : {Moment{"exchange", false}, Moment{"remove-old", true}}) {
    DYNAMIC_SECTION(moment.point) {
      // The test hook of output_dir.cpp: the build ends there as a SIGKILL would end it.
      ::setenv("MANUALGEN_TEST_KILL_AT", moment.point, 1);
      pid_t pid = test::spawn_manualgen(versions.args(versions.b));
      ::unsetenv("MANUALGEN_TEST_KILL_AT");
      REQUIRE(pid > 0);
      const int status = test::wait_for(pid);
      REQUIRE(WIFSIGNALED(status));
      CHECK(test::snapshot(versions.out) == (moment.published ? versions.site_b : versions.site_a));
      // Beside it, the other site, whole: the new one about to be put in place, or the old one
      // about to be removed.
      auto left = left_beside(versions.out);
      REQUIRE(left.size() == 1);
      CHECK(test::snapshot(left[0]) == (moment.published ? versions.site_a : versions.site_b));

      // The next build (one with nothing to do, when the new site is in place) clears it.
      REQUIRE(versions.build(versions.b) == 0);
      CHECK(test::snapshot(versions.out) == versions.site_b);
      CHECK(left_beside(versions.out).empty());
      REQUIRE(versions.build(versions.a) == 0);
    }
  }
}

TEST_CASE("an update killed at any moment leaves the old site or the new one, whole, never a mix", "[build][kill]") {
  TwoVersions versions(12);
  // How long an update takes here, to spread the kills over it (the assertions do not depend on it).
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(versions.build(versions.a) == 0);
  const auto update = std::chrono::steady_clock::now() - start;
  REQUIRE(test::snapshot(versions.out) == versions.site_a);

  bool at_a = true;
  for (int i = 0; i < 24; ++i) {
    const std::string& target = at_a ? versions.b : versions.a;
    pid_t pid = test::spawn_manualgen(versions.args(target));
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(update * i / 20);  // from at once to after the build would have ended
    kill(pid, SIGKILL);
    test::wait_for(pid);
    const SiteFiles now = test::snapshot(versions.out);
    const SiteFiles& old_site = at_a ? versions.site_a : versions.site_b;
    const SiteFiles& new_site = at_a ? versions.site_b : versions.site_a;
    INFO("kill " << i << " after " << std::chrono::duration_cast<std::chrono::milliseconds>(update * i / 20).count()
                 << " ms of an update that takes about "
                 << std::chrono::duration_cast<std::chrono::milliseconds>(update).count() << " ms");
    REQUIRE((now == old_site || now == new_site));
    if (now == new_site) at_a = !at_a;  // the next kill interrupts an update back
  }

  // The next build succeeds, and clears what the killed ones left.
  REQUIRE(versions.build(versions.b) == 0);
  CHECK(test::snapshot(versions.out) == versions.site_b);
  CHECK(left_beside(versions.out).empty());
}
