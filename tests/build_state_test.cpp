// The records a build keeps in the output folder: `.manualgen-state.json` and
// `.manualgen-inputs.json`.

#include "generator/build/build_state.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;

TEST_CASE("the build state reads back as written", "[build_state]") {
  test::TempDir tmp;
  BuildState state;
  state.fingerprint = "abc pdf:none";
  state.shared_files = 4;
  state.orgs["a"] = {"f1", {"a/logo.svg", "a/nl/index.html"}};
  state.orgs["b"] = {"", {"b/en/index.html"}};
  test::write_text(tmp.path() / kStateFile, build_state_text(state));

  BuildState read = read_build_state(tmp.path().string());
  CHECK(read.fingerprint == state.fingerprint);
  CHECK(read.shared_files == 4);
  CHECK(read.orgs == state.orgs);
  CHECK(read.pages() == 7);
}

TEST_CASE("a missing or damaged build state is empty: everything is built", "[build_state]") {
  test::TempDir tmp;
  CHECK(read_build_state(tmp.path().string()).orgs.empty());
  test::write_text(tmp.path() / kStateFile, R"({"fingerprint": "x", "organisations": {"a": {"files": 3}}})");
  BuildState damaged = read_build_state(tmp.path().string());
  CHECK(damaged.fingerprint.empty());
  CHECK(damaged.orgs.empty());
  CHECK(damaged.pages() == 0);
}

TEST_CASE("the inputs record reads back as written, one that records nothing as none", "[build_state]") {
  test::TempDir tmp;
  const std::string out = tmp.path().string();
  CHECK_FALSE(read_inputs_record(out));

  InputsRecord record{"site-config.json", "manual", {"site-config.json", "content"}, "f00d", 52, 3};
  test::write_text(tmp.path() / kInputsFile, inputs_record_text(record));
  auto read = read_inputs_record(out);
  REQUIRE(read);
  CHECK(read->config == record.config);
  CHECK(read->pdf_links == record.pdf_links);
  CHECK(read->inputs == record.inputs);
  CHECK(read->fingerprint == record.fingerprint);
  CHECK(read->pages == 52);
  CHECK(read->organisations == 3);

  test::write_text(tmp.path() / kInputsFile, inputs_record_text(std::nullopt));
  CHECK_FALSE(read_inputs_record(out));
  test::write_text(tmp.path() / kInputsFile, R"({"recorded": true, "config": "site-config.json"})");
  CHECK_FALSE(read_inputs_record(out));
}
