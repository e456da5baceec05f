// The include graph points down the pipeline (ARCHITECTURE.md): each folder of generator/ and
// checks/ includes only the folders below it. The compiler would accept an include that points up;
// this test does not, naming the file, the line and the rule it breaks.

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

// Folder → the folders its files may include (besides their own). The same table is in
// ARCHITECTURE.md; change both together.
const std::map<std::string, std::set<std::string>>& allowed() {
  static const std::map<std::string, std::set<std::string>> table = [] {
    std::map<std::string, std::set<std::string>> t;
    std::set<std::string> below;
    for (const char* stage : {"generator/core", "generator/model", "generator/load", "generator/resolve",
                              "generator/render", "generator/publish", "generator/build"}) {
      t[stage] = below;
      below.insert(stage);
    }
    t["checks/report"] = {"generator/core"};
    t["checks/flows"] = {"generator/core", "generator/model", "generator/load", "generator/resolve", "checks/report"};
    t["checks/links"] = {"generator/core", "checks/report"};
    std::set<std::string> everything;
    for (const auto& [folder, _] : t) everything.insert(folder);
    t["generator/cli"] = everything;
    return t;
  }();
  return table;
}

std::string folder_of(const fs::path& relative) { return relative.parent_path().generic_string(); }

}  // namespace

TEST_CASE("every source file is in a folder of the architecture", "[architecture]") {
  const fs::path src = manualgen::test::source_dir();
  for (const char* half : {"generator", "checks"})
    for (const auto& entry : fs::recursive_directory_iterator(src / half)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cpp") continue;
      fs::path rel = entry.path().lexically_relative(src);
      INFO(rel.generic_string() << ": not in a folder listed in ARCHITECTURE.md");
      CHECK(allowed().count(folder_of(rel)) == 1);
    }
}

TEST_CASE("includes point down the pipeline", "[architecture]") {
  const fs::path src = manualgen::test::source_dir();
  const std::regex include(R"re(^\s*#\s*include\s*"((generator|checks)/[^"]+)")re");
  int checked = 0;
  for (const char* half : {"generator", "checks"})
    for (const auto& entry : fs::recursive_directory_iterator(src / half)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cpp") continue;
      fs::path rel = entry.path().lexically_relative(src);
      auto rule = allowed().find(folder_of(rel));
      if (rule == allowed().end()) continue;  // the test above names it
      std::ifstream in(entry.path());
      int number = 0;
      for (std::string line; std::getline(in, line);) {
        ++number;
        std::smatch m;
        if (!std::regex_search(line, m, include)) continue;
        std::string target = folder_of(fs::path(m[1].str()));
        INFO(rel.generic_string() << ":" << number << ": includes " << m[1].str() << ", but " << rule->first
                                  << " may include only itself and the folders below it");
        CHECK((target == rule->first || rule->second.count(target) == 1));
        ++checked;
      }
    }
  CHECK(checked > 100);
}
