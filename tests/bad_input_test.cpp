// The corpus of broken inputs in tests/bad_inputs/: each case is built with the real manualgen
// binary over the site its project made before it broke, which must exit 2, leave that site
// byte-identical (and nothing beside it), and print every line of the case's expected.txt
// (file:line:column, message, JSON pointer and hint). See tests/bad_inputs/README.md.

#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

const fs::path kCases = test::source_dir() / "tests/bad_inputs";

struct Run {
  int status = -1;
  std::string output;
};

// Runs `manualgen build` inside `project`, so messages name files as an editor sees them.
Run build_in(const fs::path& project) {
  std::string command =
      "cd '" + project.string() + "' && " + MANUALGEN_BINARY + " build -q --config site-config.json --out public 2>&1";
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::array<char, 4096> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) run.output.append(buffer.data(), n);
  int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Lines of a case's text file that are not blank or comments.
std::vector<std::string> entries(const fs::path& file) {
  std::vector<std::string> out;
  if (!fs::exists(file)) return out;
  for (auto& line : lines_of(test::read_text(file)))
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

// The example project (content, locales, themes, assets) with base-config.json as its config.
void make_base_project(const fs::path& project) {
  for (const char* folder : {"content", "locales", "themes", "assets"})
    fs::copy(test::source_dir() / folder, project / folder, fs::copy_options::recursive);
  fs::copy_file(kCases / "base-config.json", project / "site-config.json");
}

// The example project with the case applied over it.
void make_project(const fs::path& project, const fs::path& case_dir) {
  make_base_project(project);
  static const std::set<std::string> instructions = {"edits.json", "pad.txt", "links.txt", "expected.txt"};
  for (const auto& entry : fs::recursive_directory_iterator(case_dir)) {
    fs::path rel = entry.path().lexically_relative(case_dir);
    if (!entry.is_regular_file() || instructions.count(rel.string())) continue;
    fs::create_directories((project / rel).parent_path());
    fs::copy_file(entry.path(), project / rel, fs::copy_options::overwrite_existing);
  }
  if (fs::exists(case_dir / "edits.json")) {
    for (const auto& edit : nlohmann::json::parse(test::read_text(case_dir / "edits.json"))) {
      fs::path file = project / edit.at("file").get<std::string>();
      std::string text = test::read_text(file);
      std::string from = edit.at("replace"), to = edit.at("with");
      size_t at = text.find(from);
      INFO(case_dir.filename().string() << ": edits.json: not found in " << file.string() << ": " << from);
      REQUIRE(at != std::string::npos);
      test::write_text(file, text.replace(at, from.size(), to));
    }
  }
  for (const auto& line : entries(case_dir / "pad.txt")) {
    std::istringstream in(line);
    std::string file;
    size_t size = 0;
    in >> file >> size;
    std::string text = test::read_text(project / file);
    REQUIRE(text.size() < size);
    test::write_text(project / file, text + std::string(size - text.size(), '\n'));
  }
  for (const auto& line : entries(case_dir / "links.txt")) {
    size_t arrow = line.find(" -> ");
    REQUIRE(arrow != std::string::npos);
    fs::create_symlink(line.substr(arrow + 4), project / line.substr(0, arrow));
  }
}

// Every file below `dir` (links as where they lead) with its bytes.
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    std::string rel = entry.path().lexically_relative(dir).string();
    out[rel] = entry.is_symlink()        ? "-> " + fs::read_symlink(entry.path()).string()
               : entry.is_regular_file() ? test::read_text(entry.path())
                                         : "(folder)";
  }
  return out;
}

// The output folder as files_of gives it, or where it leads when it is a link.
std::map<std::string, std::string> output_of(const fs::path& out) {
  if (fs::is_symlink(out)) return {{"", "-> " + fs::read_symlink(out).string()}};
  return files_of(out);
}

// The site the base project builds: what each case's build finds in public/ before it runs.
const fs::path& previous_site() {
  static test::TempDir dir;
  static const bool built = [] {
    make_base_project(dir.path());
    Run run = build_in(dir.path());
    INFO(run.output);
    REQUIRE(run.status == 0);
    return true;
  }();
  (void)built;
  static const fs::path site = dir.path() / "public";
  return site;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.insert(entry.path().filename().string());
  return out;
}

}  // namespace

TEST_CASE("every bad input exits 2 with located, actionable messages and leaves the site as it was",
          "[bad_input][cli]") {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kCases))
    if (entry.is_directory()) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 25);

  for (const auto& case_dir : cases) {
    DYNAMIC_SECTION(case_dir.filename().string()) {
      test::TempDir tmp;
      make_project(tmp.path(), case_dir);
      // A case may make its own output (a link to nowhere): that is then what must stay.
      const fs::path out = tmp.path() / "public";
      if (!fs::exists(fs::symlink_status(out))) fs::copy(previous_site(), out, fs::copy_options::recursive);
      const auto site_before = output_of(out);
      const std::set<std::string> before = names_in(tmp.path());
      Run run = build_in(tmp.path());
      INFO("case " << case_dir.filename().string() << ", output:\n" << run.output);
      CHECK(run.status == 2);
      CHECK(output_of(out) == site_before);
      CHECK(names_in(tmp.path()) == before);  // no staging folder left beside it either
      auto expected = entries(case_dir / "expected.txt");
      REQUIRE_FALSE(expected.empty());
      auto printed = lines_of(run.output);
      for (const auto& line : expected) {
        INFO("expected line: " << line);
        CHECK(std::find(printed.begin(), printed.end(), line) != printed.end());
      }
      // Every error has a location and every message is followed by what to do about it.
      for (size_t i = 0; i < printed.size(); ++i) {
        if (printed[i].find(": error: ") == std::string::npos) continue;
        INFO(printed[i]);
        CHECK(printed[i].rfind("manualgen: ", 0) != 0);  // a file, not the program, comes first
        CHECK((i + 1 < printed.size() && printed[i + 1].rfind("  hint: ", 0) == 0));
      }
    }
  }
}

TEST_CASE("byte-order marks, as Windows Notepad writes them, are accepted and dropped", "[bad_input][cli]") {
  test::TempDir tmp;
  make_project(tmp.path(), kCases / "byte-order-marks");
  // The case without its mistakes: only the BOMs are left.
  std::string config = test::read_text(tmp.path() / "site-config.json");
  config.replace(config.find("{ \"sites\": { \"title\": \"Handleidingen\" },\n"), 41, "{\n");
  test::write_text(tmp.path() / "site-config.json", config);
  std::string prose = test::read_text(tmp.path() / "content/en/change.md");
  prose.replace(prose.find("## Open"), 7, "## [open-password] Open");
  test::write_text(tmp.path() / "content/en/change.md", prose);
  REQUIRE(config.rfind("\xEF\xBB\xBF", 0) == 0);
  REQUIRE(prose.rfind("\xEF\xBB\xBF", 0) == 0);

  Run run = build_in(tmp.path());
  INFO(run.output);
  REQUIRE(run.status == 0);
  std::string page = test::read_text(tmp.path() / "public/gemeente-a/en/change/index.html");
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("\xEF\xBB\xBF") == std::string::npos);
}

TEST_CASE("symbolic links that stay inside the project are followed", "[bad_input][cli]") {
  test::TempDir tmp;
  make_project(tmp.path(), kCases / "symlink-outside");
  fs::remove(tmp.path() / "themes/default/static/leak.txt");
  fs::remove(tmp.path() / "content/en/extra.md");
  // The English prose lives in a folder of its own, linked into content/.
  fs::rename(tmp.path() / "content/en", tmp.path() / "english-prose");
  fs::create_directory_symlink("../english-prose", tmp.path() / "content/en");
  Run run = build_in(tmp.path());
  INFO(run.output);
  CHECK(run.status == 0);
}

TEST_CASE("images from the hosts the config lists are published", "[bad_input][cli]") {
  test::TempDir tmp;
  make_project(tmp.path(), kCases / "external-image");
  auto config = nlohmann::json::parse(test::read_text(tmp.path() / "site-config.json"));
  config["site"]["image_hosts"] = {"Tracker.example", "cdn.example"};  // as a host is written: any case
  test::write_text(tmp.path() / "site-config.json", config.dump(2));
  const fs::path reset = tmp.path() / "content/en/reset.md";  // ftp: is refused from any host
  std::string prose = test::read_text(reset);
  test::write_text(reset, prose.erase(prose.find("![Map]"), std::string("![Map](ftp://files.example/map.png)").size()));
  Run run = build_in(tmp.path());
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK(test::read_text(tmp.path() / "public/gemeente-a/en/change/index.html")
            .find("<img src=\"https://tracker.example/pixel.png?who=reader\" alt=\"\" />") != std::string::npos);
}

TEST_CASE("a named pipe as the config or as prose is refused, not waited for", "[bad_input][cli]") {
  test::TempDir tmp;
  make_base_project(tmp.path());
  // Opening a FIFO to read it blocks until something writes to it: the build would hang.
  REQUIRE(mkfifo((tmp.path() / "content/en/notes.md").c_str(), 0600) == 0);
  REQUIRE(mkfifo((tmp.path() / "pipe.json").c_str(), 0600) == 0);
  Run run = build_in(tmp.path());
  INFO(run.output);
  CHECK(run.status == 2);
  CHECK(run.output.find("content/en/notes.md: error: this is a named pipe (FIFO), not a regular file\n"
                        "  hint: manualgen reads only regular files") != std::string::npos);
  std::string output;
  CHECK(test::run_manualgen("build -q --config '" + (tmp.path() / "pipe.json").string() + "' --out '" +
                                (tmp.path() / "public").string() + "'",
                            output) == 2);
  CHECK(output.find("pipe.json: error: this is a named pipe (FIFO), not a regular file") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path() / "public"));
}
