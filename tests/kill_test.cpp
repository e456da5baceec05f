// A build killed while it renders (SIGKILL: no destructor, no cleanup) leaves the published site
// exactly as it was, and the next build succeeds and clears what the killed one left behind.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
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

extern char** environ;

namespace {

// Every file of a folder, relative path → bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().lexically_relative(dir).string()] = test::read_text(e.path());
  return files;
}

json many_organisations(int count) {
  json config = test::example_config();
  json model = config["organisations"][2];
  config["organisations"] = json::array();
  for (int i = 0; i < count; ++i) {
    json org = model;
    org["id"] = "org-" + std::to_string(i);
    org["name"] = "Organisatie " + std::to_string(i);
    config["organisations"].push_back(org);
  }
  return config;
}

pid_t spawn_build(const std::string& config, const std::string& out) {
  std::vector<std::string> args = {MANUALGEN_BINARY, "build", "-q", "--jobs", "1", "--config", config, "--out", out};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(error == 0);
  return pid;
}

}  // namespace

TEST_CASE("a build killed mid-way leaves the previous site complete and byte-identical", "[build][kill]") {
  test::ProjectFixture project(test::example_config());
  const fs::path out = project.dir() / "public";
  std::string output;
  REQUIRE(test::run_manualgen("build -q --config " + project.config_path() + " --out " + out.string(), output) == 0);
  const auto before = snapshot(out);
  REQUIRE(before.size() > 20);

  // A config large enough that the build is still rendering when it is killed.
  const fs::path big = project.dir() / "big-config.json";
  test::write_text(big, many_organisations(200).dump(2));
  pid_t pid = spawn_build(big.string(), out.string());
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
    REQUIRE(waitpid(pid, &status, 0) == pid);
  }
  INFO("the build finished before it could be killed; give it more organisations");
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
  CHECK(fs::exists(staging));  // what the killed build left behind

  CHECK(snapshot(out) == before);

  // The next build (with a change, so it writes) succeeds and removes the dead build's staging.
  json config = test::example_config();
  config["organisations"][0]["document"]["version"] = "9.9";
  test::write_text(project.config_path(), config.dump(2));
  REQUIRE(test::run_manualgen("build -q --config " + project.config_path() + " --out " + out.string(), output) == 0);
  CHECK_FALSE(fs::exists(staging));
  auto after = snapshot(out);
  CHECK(after.size() == before.size());
  CHECK(after.at("gemeente-lindewijk/nl/manual.html") != before.at("gemeente-lindewijk/nl/manual.html"));
}
