// Every input kept in tests/fuzz/regressions/<target>/ (inputs that once crashed a fuzz target,
// kept after the fix) and the fuzzers' seeds, replayed through the same functions the fuzz
// targets call. Under scripts/sanitize-test this runs with AddressSanitizer and UBSan too.

#include <catch2/catch.hpp>
#include <set>

#include "test_support.h"
#include "tests/fuzz/targets.h"

namespace fs = std::filesystem;
using manualgen::fuzz::Outcome;

namespace {

Outcome run_file(Outcome (*target)(const uint8_t*, size_t), const fs::path& file) {
  std::string bytes = manualgen::test::read_text(file);
  return target(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

TEST_CASE("inputs that crashed a fuzz target are refused with located errors", "[fuzz]") {
  const fs::path root = manualgen::test::source_dir() / "tests/fuzz/regressions";
  REQUIRE(fs::is_directory(root));
  std::set<std::string> names;
  for (const auto& target : manualgen::fuzz::targets()) names.insert(target.name);
  int replayed = 0;
  for (const auto& folder : fs::directory_iterator(root)) {
    if (!folder.is_directory()) continue;
    // A folder that names no target would never be replayed.
    INFO("tests/fuzz/regressions/" << folder.path().filename().string());
    REQUIRE(names.count(folder.path().filename().string()) == 1);
  }
  for (const auto& target : manualgen::fuzz::targets()) {
    fs::path dir = root / target.name;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      INFO(entry.path().string());
      Outcome outcome = run_file(target.run, entry.path());
      ++replayed;
      // The extractor takes any bytes; every other target's kept inputs are broken files that
      // must be refused, each problem with a file and line.
      if (std::string(target.name) == "link_extractor") continue;
      CHECK(outcome.errors > 0);
      CHECK(outcome.unlocated == 0);
    }
  }
  CHECK(replayed > 0);
}

TEST_CASE("the fuzz targets take the repository's own files without an error", "[fuzz]") {
  const fs::path src = manualgen::test::source_dir();
  auto clean = [](Outcome (*target)(const uint8_t*, size_t), const fs::path& file) {
    INFO(file.string());
    CHECK(run_file(target, file).errors == 0);
  };
  // The config's logos are found relative to the folder the target is run in (the fuzzer's own).
  fs::path before = fs::current_path();
  fs::current_path(src);
  clean(manualgen::fuzz::site_config, src / "site-config.json");
  fs::current_path(before);
  // The target loads its input as the reset flow (a file of another flow names another flow).
  clean(manualgen::fuzz::flow_structure, src / "content/flows/reset.json");
  for (const auto& e : fs::directory_iterator(src / "content/nl")) clean(manualgen::fuzz::prose, e.path());
  for (const auto& e : fs::directory_iterator(src / "themes/default/templates"))
    if (e.is_regular_file()) clean(manualgen::fuzz::link_extractor, e.path());
  clean(manualgen::fuzz::source_map, src / "site-config.json");
  for (const auto& e : fs::directory_iterator(src / "locales/nl")) clean(manualgen::fuzz::source_map, e.path());
  for (const auto& e : fs::directory_iterator(src / "assets/logos")) clean(manualgen::fuzz::logo, e.path());
}
