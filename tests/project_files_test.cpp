#include "generator/core/project_files.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> relatives(const std::vector<FolderEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.relative);
  return out;
}

}  // namespace

TEST_CASE("a folder is walked depth first in name order", "[project_files]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "b.txt", "");
  test::write_text(tmp.path() / "a/z.txt", "");
  test::write_text(tmp.path() / "a-b.txt", "");
  auto entries = walk_folder(tmp.path().string());
  CHECK(relatives(entries) == std::vector<std::string>{"a", "a/z.txt", "a-b.txt", "b.txt"});
  CHECK(entries[0].kind == FolderEntry::Kind::folder);
  CHECK(entries[1].kind == FolderEntry::Kind::file);
  CHECK(walk_folder((tmp.path() / "b.txt").string(), tmp.path().string()).empty());
}

TEST_CASE("following links, every real folder is walked once, so links back up end", "[project_files]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "content/en/a.md", "");
  // Two links back up: followed naively, each level doubles the walk (2^40 before ELOOP).
  fs::create_directory_symlink("..", tmp.path() / "content/en/up");
  fs::create_directory_symlink("../..", tmp.path() / "content/en/top");
  fs::create_symlink("loop", tmp.path() / "content/loop");
  fs::create_directory_symlink("/", tmp.path() / "content/root");  // outside: listed, not walked
  auto entries = walk_folder((tmp.path() / "content").string(), tmp.path().string());
  CHECK(relatives(entries) ==
        std::vector<std::string>{"en", "en/a.md", "en/top", "en/top/content", "en/up", "loop", "root"});
  CHECK(entries[5].kind == FolderEntry::Kind::broken);
  CHECK(entries[5].link);
  CHECK_FALSE(entries[5].error.empty());
  CHECK(entries[6].kind == FolderEntry::Kind::folder);
  CHECK(relatives(walk_folder((tmp.path() / "content").string())) ==
        std::vector<std::string>{"en", "en/a.md", "en/top", "en/up", "loop", "root"});
}

TEST_CASE("links out of the project and loops of links are reported where they are", "[project_files]") {
  test::TempDir tmp;
  const fs::path root = tmp.path() / "project";
  test::write_text(root / "content/en/a.md", "");
  test::write_text(tmp.path() / "elsewhere/logo.svg", "<svg/>");
  fs::create_symlink("../../../elsewhere/logo.svg", root / "content/en/b.md");
  fs::create_symlink("c.md", root / "content/en/c.md");
  fs::create_directory_symlink("..", root / "content/en/up");  // inside: fine
  Diagnostics diags;
  CHECK_FALSE(check_links_stay_inside(root.string(), {{"content", {}}}, diags));
  INFO(test::messages(diags));
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.all()[0].where.file == (root / "content/en/b.md").string());
  CHECK(diags.all()[0].message.find("outside the project folder") != std::string::npos);
  CHECK(diags.all()[1].message.find("leads back to itself (a loop of links)") != std::string::npos);
}

TEST_CASE("every folder on the way to a path is checked, not only the path", "[project_files]") {
  test::TempDir tmp;
  const fs::path root = tmp.path() / "project";
  test::write_text(tmp.path() / "elsewhere/logo.svg", "<svg/>");
  fs::create_directories(root / "assets");
  fs::create_directory_symlink("../../elsewhere", root / "assets/logos");
  auto problem = path_problem(root.string(), "assets/logos/logo.svg");
  REQUIRE(problem);
  CHECK(problem->message == "\"" + (root / "assets/logos").string() +
                                "\" is a symbolic link to \"../../elsewhere\", outside the project folder");
  CHECK_FALSE(path_problem(root.string(), "assets"));
  Diagnostics diags;
  CHECK_FALSE(check_links_stay_inside(root.string(), {{"assets/logos", {}}}, diags));
}
