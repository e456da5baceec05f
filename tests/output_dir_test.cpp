#include "generator/output_dir.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

TEST_CASE("the output folder is replaced only on commit", "[output_dir]") {
  test::TempDir tmp;
  const std::string out = (tmp.path() / "public").string();
  Diagnostics diags;
  {
    auto dir = OutputDir::begin(out, false, diags);
    REQUIRE(dir);
    REQUIRE(dir->write("a/index.html", "one", diags));
    REQUIRE(dir->commit(diags));
  }
  CHECK(test::read_text(fs::path(out) / "a/index.html") == "one");
  {
    auto dir = OutputDir::begin(out, false, diags);
    REQUIRE(dir);
    REQUIRE(dir->write("b/index.html", "two", diags));
    // Not committed: as if the build failed half-way.
  }
  CHECK(test::read_text(fs::path(out) / "a/index.html") == "one");
  CHECK_FALSE(fs::exists(fs::path(out) / "b"));
  for (const auto& entry : fs::directory_iterator(tmp.path()))
    CHECK(entry.path().filename().string().find("staging") == std::string::npos);
  {
    auto dir = OutputDir::begin(out, false, diags);
    REQUIRE(dir);
    REQUIRE(dir->write("b/index.html", "two", diags));
    REQUIRE(dir->commit(diags));
  }
  CHECK(fs::exists(fs::path(out) / "b/index.html"));
  CHECK_FALSE(fs::exists(fs::path(out) / "a"));
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("a folder manualgen did not make is never replaced", "[output_dir]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "docs" / "thesis.txt", "precious");
  Diagnostics diags;
  auto dir = OutputDir::begin((tmp.path() / "docs").string(), false, diags);
  CHECK_FALSE(dir);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].message.find("not made by manualgen") != std::string::npos);
  CHECK(test::read_text(tmp.path() / "docs" / "thesis.txt") == "precious");
}

TEST_CASE("a filtered build keeps the rest of the site without touching its files", "[output_dir]") {
  test::TempDir tmp;
  const std::string out = (tmp.path() / "public").string();
  Diagnostics diags;
  {
    auto dir = OutputDir::begin(out, false, diags);
    dir->write("keep/index.html", "kept", diags);
    dir->write("redo/index.html", "old", diags);
    dir->commit(diags);
  }
  {
    auto dir = OutputDir::begin(out, true, diags);
    dir->remove("redo");
    dir->write("redo/index.html", "new", diags);
    dir->commit(diags);
  }
  CHECK(test::read_text(fs::path(out) / "keep/index.html") == "kept");
  CHECK(test::read_text(fs::path(out) / "redo/index.html") == "new");
}
