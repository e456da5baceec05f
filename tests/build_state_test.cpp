// The records a build keeps in the output folder: `.manualgen-state.json` and
// `.manualgen-inputs.json`. They are input to the next build, which trusts no path in them.

#include "generator/build/build_state.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;
using nlohmann::json;

namespace {

// The one warning of `diags`, formatted; empty when there is none (or more than one).
std::string only_warning(const Diagnostics& diags) {
  if (diags.all().size() != 1 || diags.all()[0].severity != Severity::warning) return {};
  return format_diagnostic(diags.all()[0]);
}

json valid_state() {
  return {{"fingerprint", "abc pdf:none"},
          {"shared_files", 4},
          {"organisations",
           {{"a", {{"fingerprint", "f1"}, {"files", {"a/logo.svg", "a/nl/index.html"}}}},
            {"b", {{"fingerprint", ""}, {"files", {"b/en/index.html"}}}}}}};
}

json valid_record() {
  return {{"recorded", true},
          {"config", "project/site-config.json"},
          {"pdf_links", "none"},
          {"inputs", {"project/site-config.json", "project/content", "project/assets/logos/a.svg"}},
          {"fingerprint", "f00d"},
          {"pages", 52},
          {"organisations", 3}};
}

}  // namespace

TEST_CASE("the build state reads back as written", "[build_state]") {
  test::TempDir tmp;
  BuildState state;
  state.fingerprint = "abc pdf:none";
  state.shared_files = 4;
  state.orgs["a"] = {"f1", {"a/logo.svg", "a/nl/index.html"}};
  state.orgs["b"] = {"", {"b/en/index.html"}};
  test::write_text(tmp.path() / kStateFile, build_state_text(state));

  Diagnostics diags;
  BuildState read = read_build_state(tmp.path().string(), diags);
  CHECK(read.fingerprint == state.fingerprint);
  CHECK(read.shared_files == 4);
  CHECK(read.orgs == state.orgs);
  CHECK(read.pages() == 7);
  CHECK(diags.all().empty());
}

TEST_CASE("a missing build state is empty without a word; a damaged one with a warning", "[build_state]") {
  test::TempDir tmp;
  Diagnostics diags;
  CHECK(read_build_state(tmp.path().string(), diags).orgs.empty());
  CHECK(diags.all().empty());

  test::write_text(tmp.path() / kStateFile, R"({"fingerprint": "x", "organisations": {"a": {"files": 3}}})");
  BuildState damaged = read_build_state(tmp.path().string(), diags);
  CHECK(damaged.fingerprint.empty());
  CHECK(damaged.orgs.empty());
  CHECK(damaged.pages() == 0);
  CHECK(only_warning(diags).find("/.manualgen-state.json: warning: \"shared_files\" is missing") != std::string::npos);

  Diagnostics truncated;
  test::write_text(tmp.path() / kStateFile, "{\n \"fingerprint\": \"x\",\n \"organ");
  CHECK(read_build_state(tmp.path().string(), truncated).orgs.empty());
  CHECK(only_warning(truncated).find("/.manualgen-state.json:3:") != std::string::npos);
  CHECK(only_warning(truncated).find("not valid JSON") != std::string::npos);
}

TEST_CASE("a build state naming a path the build could not have made is ignored, naming the entry", "[build_state]") {
  struct Case {
    const char* what;
    json files;
    const char* pointer;
  };
  const std::vector<Case> cases = {
      {"a parent folder", {"a/nl/index.html", "../victim.txt"}, "/organisations/a/files/1"},
      {"out of the organisation's folder through ..", {"a/../../victim.txt"}, "/organisations/a/files/0"},
      {"an absolute path", {"/tmp/victim.txt"}, "/organisations/a/files/0"},
      {"an empty component", {"a//index.html"}, "/organisations/a/files/0"},
      {"a . component", {"a/./index.html"}, "/organisations/a/files/0"},
      {"a backslash", {"a\\..\\..\\victim.txt"}, "/organisations/a/files/0"},
      {"a NUL", {std::string("a/nl/index.html\0x", 17)}, "/organisations/a/files/0"},
      {"a line break", {"a/nl/\nindex.html"}, "/organisations/a/files/0"},
      {"another organisation's folder", {"b/nl/index.html"}, "/organisations/a/files/0"},
      {"a short string", {"a"}, "/organisations/a/files/0"},
      {"the folder itself", {"a/"}, "/organisations/a/files/0"},
      {"an empty string", {""}, "/organisations/a/files/0"},
      {"not a string", {42}, "/organisations/a/files/0"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      json state = valid_state();
      state["organisations"]["a"]["files"] = c.files;
      Diagnostics diags;
      BuildState read = parse_build_state(state.dump(), "public/.manualgen-state.json", diags);
      CHECK(read.orgs.empty());
      CHECK(read.fingerprint.empty());
      const std::string warning = only_warning(diags);
      INFO(warning);
      CHECK(warning.rfind("public/.manualgen-state.json: warning: ", 0) == 0);
      CHECK(warning.find(std::string("(at ") + c.pointer + ")") != std::string::npos);
      CHECK(warning.find("is not a file organisation \"a\" could have made") != std::string::npos);
      CHECK(warning.find("every organisation is built again") != std::string::npos);
    }
  }
}

TEST_CASE("a build state whose organisation id is not a slug is ignored", "[build_state]") {
  for (const char* id : {"..", ".", "", "A", "a/b", "x\\y"}) {
    DYNAMIC_SECTION(id) {
      json state = valid_state();
      state["organisations"][id] = {{"fingerprint", "f"}, {"files", json::array()}};
      Diagnostics diags;
      CHECK(parse_build_state(state.dump(), "s.json", diags).orgs.empty());
      CHECK(only_warning(diags).find("is not an organisation id") != std::string::npos);
    }
  }
}

TEST_CASE("counts out of range and entries of the wrong kind are refused", "[build_state]") {
  for (json shared : {json(-1), json(2000000), json("4"), json(1.5), json(nullptr)}) {
    json state = valid_state();
    state["shared_files"] = shared;
    Diagnostics diags;
    CHECK(parse_build_state(state.dump(), "s.json", diags).orgs.empty());
    CHECK(only_warning(diags).find("(at /shared_files)") != std::string::npos);
  }
  // JSON strings are UTF-8: a path of other bytes does not parse.
  for (const char* text : {"[]", "3", "null", "\"x\"", "{\"fingerprint\": 1e999}", "{\"fingerprint\": \"\xff\"}"}) {
    Diagnostics diags;
    CHECK(parse_build_state(text, "s.json", diags).orgs.empty());
    CHECK(diags.warning_count() == 1);
  }
  json state = valid_state();
  state["organisations"]["a"] = "files";
  Diagnostics diags;
  CHECK(parse_build_state(state.dump(), "s.json", diags).orgs.empty());
  CHECK(only_warning(diags).find("(at /organisations/a)") != std::string::npos);
}

TEST_CASE("the files of a state are read sorted and once each", "[build_state]") {
  json state = valid_state();
  state["organisations"]["a"]["files"] = {"a/nl/z.html", "a/nl/b.html", "a/nl/z.html"};
  Diagnostics diags;
  BuildState read = parse_build_state(state.dump(), "s.json", diags);
  CHECK(read.orgs.at("a").files == std::vector<std::string>{"a/nl/b.html", "a/nl/z.html"});
  CHECK(diags.all().empty());
}

TEST_CASE("the inputs record reads back as written, one that records nothing as none", "[build_state]") {
  test::TempDir tmp;
  const std::string out = tmp.path().string();
  Diagnostics diags;
  CHECK_FALSE(read_inputs_record(out, diags));

  InputsRecord record{"site-config.json", "manual", {"site-config.json", "./content"}, "f00d", 52, 3};
  test::write_text(tmp.path() / kInputsFile, inputs_record_text(record));
  auto read = read_inputs_record(out, diags);
  REQUIRE(read);
  CHECK(read->config == record.config);
  CHECK(read->pdf_links == record.pdf_links);
  CHECK(read->inputs == record.inputs);
  CHECK(read->fingerprint == record.fingerprint);
  CHECK(read->pages == 52);
  CHECK(read->organisations == 3);

  test::write_text(tmp.path() / kInputsFile, inputs_record_text(std::nullopt));
  CHECK_FALSE(read_inputs_record(out, diags));
  CHECK(diags.all().empty());
  test::write_text(tmp.path() / kInputsFile, R"({"recorded": true, "config": "site-config.json"})");
  CHECK_FALSE(read_inputs_record(out, diags));
  CHECK(only_warning(diags).find("\"pdf_links\" is missing") != std::string::npos);
}

TEST_CASE("an inputs record naming a file outside the config's folder is ignored, naming the entry", "[build_state]") {
  for (const char* input : {"/etc/passwd", "project/../victim.txt", "victim.txt", "project", "project/content/../..",
                            "project/content/\x01", "project/content"}) {
    DYNAMIC_SECTION(input) {
      json record = valid_record();
      record["inputs"].push_back(input);  // the last one is there already: listed twice
      Diagnostics diags;
      CHECK_FALSE(parse_inputs_record(record.dump(), "public/.manualgen-inputs.json", diags));
      const std::string warning = only_warning(diags);
      INFO(warning);
      CHECK(warning.rfind("public/.manualgen-inputs.json: warning: ", 0) == 0);
      CHECK(warning.find("(at /inputs/3)") != std::string::npos);
      CHECK(warning.find("is not an input a build of \"project/site-config.json\" reads") != std::string::npos);
    }
  }
  Diagnostics diags;
  CHECK(parse_inputs_record(valid_record().dump(), "i.json", diags));
  CHECK(diags.all().empty());
}
