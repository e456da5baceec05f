#include "generator/core/input_file.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

TEST_CASE("a regular file is read whole, up to its limit", "[input_file]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "a.txt", "0123456789");
  std::string bytes;
  CHECK(read_regular_file((tmp.path() / "a.txt").string(), 10, bytes).problem == ReadProblem::none);
  CHECK(bytes == "0123456789");
  CHECK(read_regular_file((tmp.path() / "a.txt").string(), 9, bytes).problem == ReadProblem::too_large);
  CHECK(bytes.empty());
  CHECK(read_regular_file((tmp.path() / "none.txt").string(), 10, bytes).problem == ReadProblem::missing);
}

TEST_CASE("a device, a named pipe and a folder are refused without being read", "[input_file]") {
  test::TempDir tmp;
  const std::string fifo = (tmp.path() / "pipe").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  fs::create_symlink("/dev/zero", tmp.path() / "zero.md");
  std::string bytes;
  // Opening a FIFO for reading would block until a writer comes; /dev/zero never ends.
  FileRead pipe = read_regular_file(fifo, 1024, bytes);
  CHECK(pipe.problem == ReadProblem::not_a_file);
  CHECK(pipe.detail == "a named pipe (FIFO)");
  FileRead zero = read_regular_file((tmp.path() / "zero.md").string(), 1024, bytes);
  CHECK(zero.problem == ReadProblem::not_a_file);
  CHECK(zero.detail == "a device");
  CHECK(read_regular_file(tmp.path().string(), 1024, bytes).detail == "a folder");
}

TEST_CASE("read problems are reported at the file with what to do", "[input_file]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "big.json", std::string(2048, ' '));
  Diagnostics diags;
  CHECK_FALSE(read_input_file((tmp.path() / "big.json").string(), "locales/en/big.json", 1024,
                              "is this the right file?", diags));
  REQUIRE(diags.error_count() == 1);
  CHECK(format_diagnostic(diags.all()[0]) ==
        "locales/en/big.json: error: the file is larger than 1 KiB\n  hint: is this the right file?");
  CHECK(describe_size(64 * 1024 * 1024) == "64 MiB");
  CHECK(describe_size(1) == "1 byte");
  CHECK(describe_size(1000) == "1000 bytes");
}
