#include "generator/publish/output_dir.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

TEST_CASE("the output folder changes only on commit", "[output_dir]") {
  test::TempDir tmp;
  const std::string out = (tmp.path() / "public").string();
  Diagnostics diags;
  {
    auto dir = OutputDir::begin(out, diags);
    REQUIRE(dir);
    REQUIRE(dir->write("a/index.html", "one", diags) == OutputDir::Outcome::written);
    REQUIRE(dir->commit(diags));
  }
  CHECK(test::read_text(fs::path(out) / "a/index.html") == "one");
  {
    auto dir = OutputDir::begin(out, diags);
    REQUIRE(dir);
    REQUIRE(dir->write("b/index.html", "two", diags) == OutputDir::Outcome::written);
    // Not committed: as if the build failed half-way.
  }
  CHECK(test::read_text(fs::path(out) / "a/index.html") == "one");
  CHECK_FALSE(fs::exists(fs::path(out) / "b"));
  for (const auto& entry : fs::directory_iterator(tmp.path()))
    CHECK(entry.path().filename().string().find("staging") == std::string::npos);
  {
    auto dir = OutputDir::begin(out, diags);
    REQUIRE(dir);
    REQUIRE(dir->write("b/index.html", "two", diags) == OutputDir::Outcome::written);
    CHECK(dir->remove({"a/index.html", "a/missing.html"}) == 1);
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
  auto dir = OutputDir::begin((tmp.path() / "docs").string(), diags);
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
    auto dir = OutputDir::begin(out, diags);
    dir->write("keep/index.html", "kept", diags);
    dir->write("redo/index.html", "old", diags);
    dir->commit(diags);
  }
  {
    auto dir = OutputDir::begin(out, diags);
    dir->write("redo/index.html", "new", diags);
    dir->commit(diags);
  }
  CHECK(test::read_text(fs::path(out) / "keep/index.html") == "kept");
  CHECK(test::read_text(fs::path(out) / "redo/index.html") == "new");
}

TEST_CASE("writing the same bytes again keeps the file as it was", "[output_dir]") {
  test::TempDir tmp;
  const std::string out = (tmp.path() / "public").string();
  Diagnostics diags;
  {
    auto dir = OutputDir::begin(out, diags);
    REQUIRE(dir->write("a/index.html", "same", diags) == OutputDir::Outcome::written);
    REQUIRE(dir->commit(diags));
  }
  auto inode_of = [](const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_ino;
  };
  const auto before = inode_of(fs::path(out) / "a/index.html");
  const auto mtime = fs::last_write_time(fs::path(out) / "a/index.html");
  {
    auto dir = OutputDir::begin(out, diags);
    CHECK(dir->write("a/index.html", "same", diags) == OutputDir::Outcome::unchanged);
    CHECK(dir->write("a/other.html", "new", diags) == OutputDir::Outcome::written);
    REQUIRE(dir->commit(diags));
  }
  CHECK(inode_of(fs::path(out) / "a/index.html") == before);
  CHECK(fs::last_write_time(fs::path(out) / "a/index.html") == mtime);
  {
    auto dir = OutputDir::begin(out, diags);
    CHECK(dir->write("a/index.html", "different", diags) == OutputDir::Outcome::written);
    CHECK(dir->remove({"a/other.html"}) == 1);
    // Until commit the site is as it was.
    CHECK(test::read_text(fs::path(out) / "a/index.html") == "same");
    CHECK(fs::exists(fs::path(out) / "a/other.html"));
    REQUIRE(dir->commit(diags));
  }
  CHECK(test::read_text(fs::path(out) / "a/index.html") == "different");
  CHECK_FALSE(fs::exists(fs::path(out) / "a/other.html"));
}
