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

namespace {

struct FileIdentity {
  ino_t inode = 0;
  fs::file_time_type mtime;
  bool operator==(const FileIdentity&) const = default;
};

FileIdentity identity_of(const fs::path& p) {
  struct stat st {};
  ::lstat(p.c_str(), &st);
  return {st.st_ino, fs::last_write_time(p)};
}

// Names beside `out` that a build left (staging, an old site), other than the lock.
std::vector<std::string> left_beside(const fs::path& out) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name != out.filename().string() && name.find(".lock") == std::string::npos) names.push_back(name);
  }
  return names;
}

// As a file system without RENAME_EXCHANGE answers.
int exchange_unsupported(const char*, const char*) {
  errno = EINVAL;
  return -1;
}

int exchange_across_devices(const char*, const char*) {
  errno = EXDEV;
  return -1;
}

// One build of a one-page site into `out`; whether it was published.
bool publish_page(const fs::path& out, const std::string& text, Diagnostics& diags,
                  OutputDir::ExchangeFolders exchange = OutputDir::exchange_folders) {
  auto dir = OutputDir::begin(out.string(), diags, exchange);
  return dir && dir->write("a/index.html", text, diags) != OutputDir::Outcome::failed && dir->commit(diags);
}

}  // namespace

TEST_CASE("files of the site a build neither writes nor removes stay, as the same files", "[output_dir]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  Diagnostics diags;
  {
    auto dir = OutputDir::begin(out.string(), diags);
    REQUIRE(dir->write("org/nl/index.html", "page", diags) == OutputDir::Outcome::written);
    REQUIRE(dir->commit(diags));
  }
  test::write_text(out / "org/nl/org-nl.pdf", "a PDF of the PDF step");
  test::write_text(out / "notes/readme.txt", "someone's own file");
  const auto pdf = identity_of(out / "org/nl/org-nl.pdf");
  const auto notes = identity_of(out / "notes/readme.txt");
  const auto page = identity_of(out / "org/nl/index.html");
  {
    auto dir = OutputDir::begin(out.string(), diags);
    CHECK(dir->write("org/nl/index.html", "page", diags) == OutputDir::Outcome::unchanged);
    CHECK(dir->write("org/en/index.html", "new page", diags) == OutputDir::Outcome::written);
    REQUIRE(dir->commit(diags));
  }
  CHECK(identity_of(out / "org/nl/org-nl.pdf") == pdf);
  CHECK(identity_of(out / "notes/readme.txt") == notes);
  CHECK(identity_of(out / "org/nl/index.html") == page);
  CHECK(test::read_text(out / "org/en/index.html") == "new page");
  CHECK(left_beside(out).empty());  // staging became the site, and the old site is gone
  CHECK(diags.all().empty());
}

TEST_CASE("an existing site is replaced as a whole by one exchange of folders", "[output_dir]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  Diagnostics diags;
  {
    auto dir = OutputDir::begin(out.string(), diags);
    dir->write("a/index.html", "one", diags);
    dir->write("b/index.html", "one", diags);
    REQUIRE(dir->commit(diags));
  }
  struct stat before {};
  ::stat(out.c_str(), &before);
  {
    auto dir = OutputDir::begin(out.string(), diags);
    dir->write("a/index.html", "two", diags);
    dir->write("b/index.html", "two", diags);
    REQUIRE(dir->commit(diags));
  }
  struct stat after {};
  ::stat(out.c_str(), &after);
  // Not the same folder with files renamed into it: another folder, complete before it was put there.
  CHECK(after.st_ino != before.st_ino);
  CHECK(test::read_text(out / "a/index.html") == "two");
  CHECK(test::read_text(out / "b/index.html") == "two");
  CHECK(left_beside(out).empty());
}

TEST_CASE("a symbolic link planted in the output is never written through, nor kept", "[output_dir]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  const fs::path victim = tmp.path() / "victim.txt";
  const fs::path victim_dir = tmp.path() / "elsewhere";
  Diagnostics diags;
  {
    auto dir = OutputDir::begin(out.string(), diags);
    dir->write("a/index.html", "page", diags);
    REQUIRE(dir->commit(diags));
  }
  // A page that is a link to a file outside, holding the very bytes the build writes, and a
  // folder that is a link to a folder outside.
  test::write_text(victim, "page");
  fs::remove(out / "a/index.html");
  fs::create_symlink(victim, out / "a/index.html");
  fs::create_directories(victim_dir);
  fs::create_directory_symlink(victim_dir, out / "b");
  fs::create_symlink(victim, out / "kept-link");
  {
    auto dir = OutputDir::begin(out.string(), diags);
    CHECK(dir->write("a/index.html", "page", diags) == OutputDir::Outcome::written);
    CHECK(dir->write("b/index.html", "other", diags) == OutputDir::Outcome::written);
    REQUIRE(dir->commit(diags));
  }
  CHECK(test::read_text(victim) == "page");
  CHECK(fs::is_empty(victim_dir));
  CHECK_FALSE(fs::is_symlink(out / "a/index.html"));
  CHECK_FALSE(fs::is_symlink(out / "b"));
  CHECK(test::read_text(out / "b/index.html") == "other");
  CHECK_FALSE(fs::exists(fs::symlink_status(out / "kept-link")));
  CHECK(diags.warning_count() == 3);
  CHECK(diags.error_count() == 0);
  for (const auto& d : diags.all()) CHECK(d.message.find("not followed") != std::string::npos);
}

TEST_CASE("where the file system cannot exchange two folders, two renames replace the site, with a warning",
          "[output_dir]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  Diagnostics diags;
  REQUIRE(publish_page(out, "one", diags));
  REQUIRE(publish_page(out, "two", diags, exchange_unsupported));
  CHECK(test::read_text(out / "a/index.html") == "two");
  CHECK(left_beside(out).empty());
  REQUIRE(diags.warning_count() == 1);
  CHECK(diags.all()[0].message.find("replaced in two renames") != std::string::npos);
}

TEST_CASE("a site that cannot be exchanged otherwise is an error, and the site stays as it was", "[output_dir]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  Diagnostics diags;
  REQUIRE(publish_page(out, "one", diags));
  CHECK_FALSE(publish_page(out, "two", diags, exchange_across_devices));
  CHECK(test::read_text(out / "a/index.html") == "one");
  CHECK(left_beside(out).empty());
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].message.find("cannot put the new site in place") != std::string::npos);
}

TEST_CASE("a tree nested deeper than any site is refused with an error, and the site stays", "[output_dir]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  Diagnostics diags;
  REQUIRE(publish_page(out, "one", diags));
  fs::path deep = out;
  for (int i = 0; i < 80; ++i) deep /= "d";
  test::write_text(deep / "x.txt", "deep");
  CHECK_FALSE(publish_page(out, "two", diags));
  CHECK(test::read_text(out / "a/index.html") == "one");
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].message.find("nested deeper than 64 folders") != std::string::npos);
}
