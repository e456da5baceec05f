// The QR cache: symbols kept between builds must be the ones the encoder makes, a damaged or
// foreign cache must never change the output, and a cache that cannot be written must not fail
// the build.

#include "generator/render/qr_cache.h"

#include <catch2/catch.hpp>
#include <regex>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

const std::string kUrl = "https://handleidingen.example.nl/gemeente-voorbeeld/nl/unlock/";

bool same_modules(const QrCode& a, const QrCode& b) {
  if (a.size() != b.size()) return false;
  for (int y = 0; y < a.size(); ++y)
    for (int x = 0; x < a.size(); ++x)
      if (a.dark(x, y) != b.dark(x, y)) return false;
  return true;
}

// The cache file's first line, as this build of manualgen writes it.
std::string header_of(const fs::path& dir) {
  std::string text = test::read_text(dir / "qr-v1.txt");
  return text.substr(0, text.find('\n'));
}

// Every file below `root` (relative path → bytes), without the build's own state file.
std::map<std::string, std::string> tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() != ".manualgen-state.json")
      files[fs::relative(e.path(), root).generic_string()] = test::read_text(e.path());
  return files;
}

}  // namespace

TEST_CASE("a symbol is encoded once, saved, and read back the same by the next build", "[qr][cache]") {
  test::TempDir tmp;
  const auto direct = QrCode::encode(kUrl);
  REQUIRE(direct);
  {
    QrCache cache(tmp.path().string());
    auto first = cache.get(kUrl);
    REQUIRE(first);
    CHECK(same_modules(*first, *direct));
    CHECK(cache.misses() == 1);
    CHECK(cache.hits() == 0);
    std::string error;
    REQUIRE(cache.save(error));
  }
  REQUIRE(fs::exists(tmp.path() / "qr-v1.txt"));
  QrCache next(tmp.path().string());
  auto again = next.get(kUrl);
  REQUIRE(again);
  CHECK(same_modules(*again, *direct));
  CHECK(next.hits() == 1);
  CHECK(next.misses() == 0);
  CHECK(next.svg(kUrl, "label") == qr_svg(kUrl, "label"));
}

TEST_CASE("the symbols come from the file: an entry is used as it is written", "[qr][cache]") {
  test::TempDir tmp;
  {
    QrCache cache(tmp.path().string());
    cache.get(kUrl);
    std::string error;
    REQUIRE(cache.save(error));
  }
  // A hand-made entry for another text: a 21 × 21 symbol with only the first module dark. The
  // encoder would never make it, so getting it back proves the file is read.
  std::string modules(111, '0');
  modules[0] = '8';
  test::write_text(tmp.path() / "qr-v1.txt", header_of(tmp.path()) + "\n21 " + modules + " hand made\n");
  QrCache cache(tmp.path().string());
  auto code = cache.get("hand made");
  REQUIRE(code);
  CHECK(code->size() == 21);
  CHECK(code->dark(0, 0));
  CHECK_FALSE(code->dark(1, 0));
  CHECK(cache.hits() == 1);
}

TEST_CASE("a cache from another encoder or with damaged lines is not trusted", "[qr][cache]") {
  test::TempDir tmp;
  const auto direct = QrCode::encode(kUrl);
  REQUIRE(direct);
  std::string all_dark(273, 'f');  // a 33 × 33 symbol, all dark: not what the encoder makes

  SECTION("another header: the whole file is ignored") {
    test::write_text(tmp.path() / "qr-v1.txt",
                     "manualgen qr cache 1; libqrencode 0.0.1; level M; bytes\n33 " + all_dark + " " + kUrl + "\n");
    QrCache cache(tmp.path().string());
    auto code = cache.get(kUrl);
    REQUIRE(code);
    CHECK(same_modules(*code, *direct));
    CHECK(cache.misses() == 1);
  }
  SECTION("lines that do not parse are skipped, the others used") {
    {
      QrCache cache(tmp.path().string());
      cache.get("kept");
      std::string error;
      REQUIRE(cache.save(error));
    }
    std::string text = test::read_text(tmp.path() / "qr-v1.txt");
    text += "33 " + all_dark.substr(0, 100) + " " + kUrl + "\n";  // cut short
    text += "34 " + all_dark + " " + kUrl + "\n";                 // no QR symbol has 34 modules
    text += "33 " + std::string(273, 'x') + " " + kUrl + "\n";    // not hex
    text += "33 " + all_dark;                                     // no text: cut off mid-line
    test::write_text(tmp.path() / "qr-v1.txt", text);
    QrCache cache(tmp.path().string());
    auto code = cache.get(kUrl);
    REQUIRE(code);
    CHECK(same_modules(*code, *direct));
    CHECK(cache.misses() == 1);
    CHECK(cache.get("kept"));
    CHECK(cache.hits() == 1);
    // The damaged entry is replaced by the encoder's symbol in the file the next build reads.
    std::string error;
    REQUIRE(cache.save(error));
    QrCache next(tmp.path().string());
    auto again = next.get(kUrl);
    REQUIRE(again);
    CHECK(same_modules(*again, *direct));
    CHECK(next.hits() == 1);
    const std::string saved = test::read_text(tmp.path() / "qr-v1.txt");
    CHECK(saved.find(all_dark) == std::string::npos);
  }
}

TEST_CASE("texts with a line break and an empty cache folder are encoded every time", "[qr][cache]") {
  test::TempDir tmp;
  QrCache cache(tmp.path().string());
  CHECK(cache.get("two\nlines"));
  CHECK(cache.misses() == 0);  // not remembered
  std::string error;
  CHECK(cache.save(error));
  CHECK_FALSE(fs::exists(tmp.path() / "qr-v1.txt"));  // nothing new, nothing written

  QrCache none("");
  CHECK(none.get(kUrl));
  CHECK(none.hits() + none.misses() == 0);
  CHECK(none.save(error));
}

TEST_CASE("manualgen build gives the same site with a cold, a warm, a damaged and no cache", "[qr][cache][cli]") {
  test::TempDir tmp;
  const std::string config = (test::source_dir() / "site-config.json").string();
  const std::string cache = (tmp.path() / "cache").string();
  std::string output;
  auto build = [&](const std::string& out, const std::string& cache_args) {
    REQUIRE(test::run_manualgen(
                "build -v " + cache_args + " --config " + config + " --out " + (tmp.path() / out).string(), output) ==
            0);
  };
  // "QR codes: <encoded> encoded, <cached> from <folder>"
  auto qr_counts = [&] {
    std::smatch m;
    REQUIRE(std::regex_search(output, m, std::regex("QR codes: (\\d+) encoded, (\\d+) from")));
    return std::pair<int, int>(std::stoi(m[1]), std::stoi(m[2]));
  };
  build("cold", "--cache-dir " + cache);
  const auto [encoded, none_cached] = qr_counts();
  CHECK(encoded > 5);  // one on the title page of each of the 5 manuals, and one per flow
  CHECK(none_cached == 0);
  build("warm", "--cache-dir " + cache);
  CHECK(qr_counts() == std::pair<int, int>(0, encoded));
  build("none", "--no-cache");
  // Damaged: the file cut in the middle of a line.
  std::string text = test::read_text(fs::path(cache) / "qr-v1.txt");
  test::write_text(fs::path(cache) / "qr-v1.txt", text.substr(0, text.size() / 2));
  build("damaged", "--cache-dir " + cache);

  const auto cold = tree(tmp.path() / "cold");
  CHECK(cold.size() > 35);
  CHECK(tree(tmp.path() / "warm") == cold);
  CHECK(tree(tmp.path() / "none") == cold);
  CHECK(tree(tmp.path() / "damaged") == cold);
}

TEST_CASE("a cache folder that cannot be written is a warning, not a failed build", "[qr][cache][cli]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "a-file", "not a folder\n");
  std::string output;
  const std::string config = (test::source_dir() / "site-config.json").string();
  REQUIRE(test::run_manualgen("build -q --cache-dir " + (tmp.path() / "a-file" / "cache").string() + " --config " +
                                  config + " --out " + (tmp.path() / "out").string(),
                              output) == 0);
  CHECK(output.find("warning") != std::string::npos);
  CHECK(output.find("QR code cache was not saved") != std::string::npos);
  CHECK(fs::exists(tmp.path() / "out" / "index.html"));
}
