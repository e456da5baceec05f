#include "generator/render/qr_code.h"

#include <qrencode.h>

#include <charconv>
#include <cstring>
#include <memory>

#include "generator/core/text.h"

namespace manualgen {

std::optional<QrCode> QrCode::encode(std::string_view text) {
  // QRcode_encodeData takes a length, so a NUL inside `text` cannot cut it short.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) return std::nullopt;
  const int size = code->width;
  std::vector<unsigned char> modules(static_cast<size_t>(size) * static_cast<size_t>(size));
  // libqrencode: bit 0 of each byte is the module's colour (1 = dark); the others say what it is.
  for (size_t i = 0; i < modules.size(); ++i) modules[i] = code->data[i] & 1;
  return QrCode(size, std::move(modules));
}

namespace {
void append_number(std::string& out, int n) {
  char digits[12];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

// Coordinates and run lengths in a symbol's path are below 200 (177 modules and a quiet zone of
// 4): spelled out once, copied as they are. The path is most of the work of drawing a symbol.
struct SmallNumbers {
  char text[200][4] = {};
  int length[200] = {};
  SmallNumbers() {
    for (int n = 0; n < 200; ++n) length[n] = static_cast<int>(std::to_chars(text[n], text[n] + 4, n).ptr - text[n]);
  }
  char* put(char* at, int n) const {
    std::memcpy(at, text[n], 4);
    return at + length[n];
  }
};

}  // namespace

std::string qr_svg(const QrCode& code, std::string_view label) {
  const int n = code.size();
  const int side = n + 2 * kQrQuietZone;
  std::string out;
  // A manual has one symbol per flow: build it in one buffer, without temporaries (building it
  // with operator+ took a third of the time the encoding did).
  out.reserve(512 + static_cast<size_t>(n) * static_cast<size_t>(n) * 4);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" viewBox=\"0 0 ";
  append_number(out, side);
  out += ' ';
  append_number(out, side);
  // Two CSS pixels per module on screen; print CSS sizes it in millimetres.
  out += "\" width=\"";
  append_number(out, 2 * side);
  out += "\" height=\"";
  append_number(out, 2 * side);
  out += "\" role=\"img\" aria-label=\"";
  out += html_escape(label);
  out += "\" shape-rendering=\"crispEdges\"><rect width=\"";
  append_number(out, side);
  out += "\" height=\"";
  append_number(out, side);
  out += "\" fill=\"#ffffff\"/><path fill=\"none\" stroke=\"#000000\" stroke-width=\"1\" d=\"";
  // One line per horizontal run of dark modules, a module thick: its centre line runs half a module
  // below the row's top edge. Two path commands a run, where a filled rectangle takes five: a
  // renderer that parses the path in its own code (WeasyPrint) draws the symbol in about half the
  // time, and the path is two thirds the bytes (README, "Speed → PDFs").
  static const SmallNumbers numbers;
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n;) {
      if (!code.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < n && code.dark(x + run, y)) ++run;
      char text[32];  // "M181 181.5h177" at most
      char* at = text;
      *at++ = 'M';
      at = numbers.put(at, x + kQrQuietZone);
      *at++ = ' ';
      at = numbers.put(at, y + kQrQuietZone);
      std::memcpy(at, ".5h", 3);
      at = numbers.put(at + 3, run);
      out.append(text, at);
      x += run;
    }
  }
  out += "\"/></svg>";
  return out;
}

std::string qr_svg(std::string_view text, std::string_view label) {
  auto code = QrCode::encode(text);
  return code ? qr_svg(*code, label) : std::string();
}

}  // namespace manualgen
