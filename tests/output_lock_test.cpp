// One build at a time per output folder, with two real processes: a second build waits for the
// first (saying whose build it waits for) and the site is then exactly the second's; a lock left by
// a killed build blocks nothing.

#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

// Polls `done` every few milliseconds for at most a minute; whether it came true. Only a guard
// against a test that would hang: nothing here depends on how fast the builds are.
template <typename F>
bool eventually(F done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Two configs in one project, the site each gives alone, and the output folder they share.
struct TwoSites {
  test::ProjectFixture project{test::example_config()};
  const fs::path out = project.dir() / "public";
  const fs::path lock = project.dir() / ".public.lock";
  const std::string small = project.config_path();
  const std::string big = (project.dir() / "big-config.json").string();
  std::map<std::string, std::string> small_site, big_site;

  TwoSites() {
    test::write_text(big, test::many_organisations(12).dump(2));
    small_site = site_of(small);
    big_site = site_of(big);
  }
  // What `config` builds into an empty folder of the same name (the records name the folder's
  // files, not the folder, so they compare too).
  std::map<std::string, std::string> site_of(const std::string& config) const {
    test::TempDir alone;
    std::string output;
    REQUIRE(test::run_manualgen("build -q --config " + config + " --out " + (alone.path() / "public").string(),
                                output) == 0);
    return test::snapshot(alone.path() / "public");
  }
  std::vector<std::string> build_args(const std::string& config) const {
    return {"build", "--jobs", "1", "--config", config, "--out", out.string()};
  }
  bool holds_lock(pid_t pid) const {
    return test::read_text(lock).find("pid " + std::to_string(pid) + "\n") != std::string::npos;
  }
};

}  // namespace

TEST_CASE("a second build into the same folder waits for the first, and the site is then the second's",
          "[build][lock]") {
  TwoSites sites;
  std::string output;
  REQUIRE(test::run_manualgen("build -q --config " + sites.small + " --out " + sites.out.string(), output) == 0);

  const fs::path first_log = sites.project.dir() / "first.log";
  const fs::path second_log = sites.project.dir() / "second.log";
  pid_t first = test::spawn_manualgen(sites.build_args(sites.big), first_log);
  REQUIRE(first > 0);
  // Stopped while it holds the lock: the second build must wait, whenever it comes.
  REQUIRE(eventually([&] { return sites.holds_lock(first); }));
  REQUIRE(kill(first, SIGSTOP) == 0);
  pid_t second = test::spawn_manualgen(sites.build_args(sites.small), second_log);
  REQUIRE(second > 0);
  const std::string waiting = "manualgen: waiting for the build of pid " + std::to_string(first) + ", started ";
  CHECK(eventually([&] { return test::read_text(second_log).find(waiting) != std::string::npos; }));
  int status = 0;
  CHECK(waitpid(second, &status, WNOHANG) == 0);  // still waiting
  CHECK_FALSE(fs::exists(sites.project.dir() / (".public.staging-" + std::to_string(second))));
  REQUIRE(kill(first, SIGCONT) == 0);

  status = test::wait_for(first);
  INFO(test::read_text(first_log));
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  status = test::wait_for(second);
  INFO(test::read_text(second_log));
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  CHECK(test::read_text(second_log).find(" to finish with " + sites.out.string() + "/\n") != std::string::npos);
  CHECK(test::snapshot(sites.out) == sites.small_site);
  CHECK_FALSE(fs::exists(sites.lock));  // nothing left beside the output

  // Incremental builds from there on are right, each way.
  REQUIRE(test::run_manualgen("build -q --config " + sites.big + " --out " + sites.out.string(), output) == 0);
  CHECK(test::snapshot(sites.out) == sites.big_site);
  REQUIRE(test::run_manualgen("build -q --config " + sites.small + " --out " + sites.out.string(), output) == 0);
  CHECK(test::snapshot(sites.out) == sites.small_site);
}

TEST_CASE("the lock of a killed build blocks nothing, and what it left beside the output is removed", "[build][lock]") {
  TwoSites sites;
  std::string output;
  REQUIRE(test::run_manualgen("build -q --config " + sites.small + " --out " + sites.out.string(), output) == 0);
  pid_t first = test::spawn_manualgen(sites.build_args(sites.big));
  REQUIRE(first > 0);
  REQUIRE(eventually([&] { return sites.holds_lock(first); }));
  REQUIRE(kill(first, SIGKILL) == 0);
  test::wait_for(first);
  // What a build killed later would have left: a staging folder and a PDF work folder.
  const fs::path staging = sites.project.dir() / (".public.staging-" + std::to_string(first));
  const fs::path pdf_work = sites.project.dir() / (".public.pdf-work-" + std::to_string(first));
  test::write_text(staging / "index.html", "half a site");
  test::write_text(pdf_work / "held/0.pdf", "a held PDF");

  REQUIRE(test::run_manualgen("build --config " + sites.small + " --out " + sites.out.string(), output) == 0);
  INFO(output);
  CHECK(output.find("waiting") == std::string::npos);
  CHECK_FALSE(fs::exists(staging));
  CHECK_FALSE(fs::exists(pdf_work));
  CHECK_FALSE(fs::exists(sites.lock));  // the killed build's lock file too
  CHECK(test::snapshot(sites.out) == sites.small_site);
}
