// Every input kept in tests/fuzz/regressions/<target>/ (inputs that once crashed a fuzz target,
// kept after the fix) and the fuzzers' seeds, replayed through the same functions the fuzz
// targets call. Under scripts/sanitize-test this runs with AddressSanitizer and UBSan too.

#include <catch2/catch.hpp>

#include "test_support.h"
#include "tests/fuzz/targets.h"

namespace fs = std::filesystem;

TEST_CASE("inputs that crashed a fuzz target are handled", "[fuzz]") {
  int replayed = 0;
  for (const auto& target : manualgen::fuzz::targets()) {
    fs::path dir = manualgen::test::source_dir() / "tests/fuzz/regressions" / target.name;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string bytes = manualgen::test::read_text(entry.path());
      INFO(entry.path().string());
      target.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  SUCCEED(replayed << " inputs replayed");
}

TEST_CASE("the fuzz targets take the repository's own files", "[fuzz]") {
  const fs::path src = manualgen::test::source_dir();
  auto run = [](void (*target)(const uint8_t*, size_t), const fs::path& file) {
    std::string bytes = manualgen::test::read_text(file);
    INFO(file.string());
    target(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  };
  run(manualgen::fuzz::site_config, src / "site-config.json");
  for (const auto& e : fs::directory_iterator(src / "content/flows")) run(manualgen::fuzz::flow_structure, e.path());
  for (const auto& e : fs::directory_iterator(src / "content/nl")) run(manualgen::fuzz::prose, e.path());
  for (const auto& e : fs::directory_iterator(src / "themes/default/templates"))
    if (e.is_regular_file()) run(manualgen::fuzz::link_extractor, e.path());
}
