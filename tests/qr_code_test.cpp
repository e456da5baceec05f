#include "generator/render/qr_code.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <pugixml.hpp>
#include <regex>

#include "test_support.h"

using namespace manualgen;
namespace fs = std::filesystem;

namespace {

const std::string kUrl = "https://handleidingen.example.nl/ziekenhuis-rivierenland/nl/reset/";

// The modules the SVG's path paints, read back from its "Mx y.5hN" runs: lines one module thick
// (checked in parse_svg), each centred half a module below the top of the row it covers. Anything
// else in the path fails the test, so a reader never sees a command this one skipped.
std::vector<std::vector<bool>> paint(const std::string& path_data, int side) {
  std::vector<std::vector<bool>> grid(static_cast<size_t>(side), std::vector<bool>(static_cast<size_t>(side)));
  std::regex run("M(\\d+) (\\d+)\\.5h(\\d+)");
  size_t covered = 0;
  for (auto it = std::sregex_iterator(path_data.begin(), path_data.end(), run); it != std::sregex_iterator(); ++it) {
    REQUIRE(static_cast<size_t>(it->position()) == covered);
    covered += static_cast<size_t>(it->length());
    int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
    REQUIRE(x + n <= side);
    REQUIRE(y < side);
    for (int i = 0; i < n; ++i) grid[static_cast<size_t>(y)][static_cast<size_t>(x + i)] = true;
  }
  REQUIRE(covered == path_data.size());
  return grid;
}

struct ParsedSvg {
  pugi::xml_document doc;
  int side = 0;
  std::vector<std::vector<bool>> grid;
};

void parse_svg(const std::string& svg, ParsedSvg& out) {
  auto result = out.doc.load_string(svg.c_str());
  INFO(result.description());
  REQUIRE(result);
  auto root = out.doc.child("svg");
  REQUIRE(root);
  std::string box = root.attribute("viewBox").value();
  std::smatch m;
  REQUIRE(std::regex_match(box, m, std::regex("0 0 (\\d+) (\\d+)")));
  REQUIRE(m.str(1) == m.str(2));  // square
  out.side = std::stoi(m[1]);
  auto path = root.child("path");
  REQUIRE(std::string(path.attribute("fill").value()) == "none");
  REQUIRE(std::string(path.attribute("stroke").value()) == "#000000");
  REQUIRE(std::string(path.attribute("stroke-width").value()) == "1");
  out.grid = paint(path.attribute("d").value(), out.side);
}

}  // namespace

TEST_CASE("a URL becomes a QR symbol with finder patterns in three corners", "[qr]") {
  auto code = QrCode::encode(kUrl);
  REQUIRE(code);
  // Versions 1-40 are 21 + 4(v-1) modules; 67 bytes at level M need version 4 or 5.
  CHECK((code->size() - 21) % 4 == 0);
  CHECK(code->size() >= 33);
  CHECK(code->size() <= 37);
  const int n = code->size();
  for (auto [x0, y0] : {std::pair{0, 0}, std::pair{n - 7, 0}, std::pair{0, n - 7}}) {
    for (int i = 0; i < 7; ++i) {
      CHECK(code->dark(x0 + i, y0));  // outer ring
      CHECK(code->dark(x0 + i, y0 + 6));
      CHECK(code->dark(x0, y0 + i));
      CHECK(code->dark(x0 + 6, y0 + i));
    }
    CHECK_FALSE(code->dark(x0 + 1, y0 + 1));  // white ring
    CHECK(code->dark(x0 + 3, y0 + 3));        // centre
  }
  bool fourth_finder = code->dark(n - 7, n - 7) && code->dark(n - 1, n - 7) && code->dark(n - 7, n - 1) &&
                       code->dark(n - 1, n - 1) && !code->dark(n - 6, n - 6) && code->dark(n - 4, n - 4);
  CHECK_FALSE(fourth_finder);
}

TEST_CASE("the SVG is well-formed, square, labelled and paints exactly the symbol", "[qr]") {
  auto code = QrCode::encode(kUrl);
  REQUIRE(code);
  std::string svg = qr_svg(*code, "QR code: \"reset\" <online>");
  ParsedSvg parsed;
  parse_svg(svg, parsed);
  auto root = parsed.doc.child("svg");
  CHECK(std::string(root.attribute("xmlns").value()) == "http://www.w3.org/2000/svg");
  CHECK(std::string(root.attribute("role").value()) == "img");
  CHECK(std::string(root.attribute("aria-label").value()) == "QR code: \"reset\" <online>");
  CHECK(std::string(root.attribute("width").value()) == root.attribute("height").value());
  REQUIRE(parsed.side == code->size() + 2 * kQrQuietZone);
  for (int y = 0; y < parsed.side; ++y)
    for (int x = 0; x < parsed.side; ++x) {
      bool inside =
          x >= kQrQuietZone && y >= kQrQuietZone && x < kQrQuietZone + code->size() && y < kQrQuietZone + code->size();
      bool expected = inside && code->dark(x - kQrQuietZone, y - kQrQuietZone);
      INFO(x << "," << y);
      REQUIRE(parsed.grid[static_cast<size_t>(y)][static_cast<size_t>(x)] == expected);
    }
  CHECK(qr_svg(kUrl, "x") == qr_svg(*code, "x"));
}

TEST_CASE("text too long for any QR symbol gives no SVG", "[qr]") {
  std::string huge(4000, 'x');
  CHECK_FALSE(QrCode::encode(huge));
  CHECK(qr_svg(huge, "x").empty());
}

TEST_CASE("a QR reader (zbarimg) reads the URL back from the SVG's modules", "[qr]") {
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0)
    FAIL("zbarimg is missing: apt-get install zbar-tools (scripts/setup does)");
  ParsedSvg parsed;
  parse_svg(qr_svg(kUrl, "x"), parsed);
  // Drawn as a plain bitmap, 6 pixels a module: a QR reader needs no SVG support.
  constexpr int kScale = 6;
  test::TempDir tmp;
  fs::path image = tmp.path() / "qr.pbm";
  {
    std::ofstream out(image);
    const int px = parsed.side * kScale;
    out << "P1\n" << px << " " << px << "\n";
    for (int y = 0; y < px; ++y) {
      for (int x = 0; x < px; ++x)
        out << (parsed.grid[static_cast<size_t>(y / kScale)][static_cast<size_t>(x / kScale)] ? "1" : "0");
      out << "\n";
    }
  }
  fs::path text = tmp.path() / "decoded.txt";
  int status =
      std::system(("zbarimg --quiet --raw " + image.string() + " > " + text.string() + " 2>/dev/null").c_str());
  CHECK(status == 0);
  std::string decoded = test::read_text(text);
  while (!decoded.empty() && decoded.back() == '\n') decoded.pop_back();
  CHECK(decoded == kUrl);
}
