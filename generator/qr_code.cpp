#include "generator/qr_code.h"

#include <qrencode.h>

#include <memory>

#include "generator/text.h"

namespace manualgen {

std::optional<QrCode> QrCode::encode(std::string_view text) {
  // QRcode_encodeData takes a length, so a NUL inside `text` cannot cut it short.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) return std::nullopt;
  const int size = code->width;
  std::vector<bool> modules(static_cast<size_t>(size) * static_cast<size_t>(size));
  // libqrencode: bit 0 of each byte is the module's colour (1 = dark); the others say what it is.
  for (size_t i = 0; i < modules.size(); ++i) modules[i] = (code->data[i] & 1) != 0;
  return QrCode(size, std::move(modules));
}

std::string qr_svg(const QrCode& code, std::string_view label) {
  const int n = code.size();
  const std::string side = std::to_string(n + 2 * kQrQuietZone);
  // Two CSS pixels per module on screen; print CSS sizes it in millimetres.
  const std::string px = std::to_string(2 * (n + 2 * kQrQuietZone));
  std::string path;
  // One rectangle per horizontal run of dark modules: about a third of the bytes of one per module.
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n;) {
      if (!code.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < n && code.dark(x + run, y)) ++run;
      path += "M" + std::to_string(x + kQrQuietZone) + " " + std::to_string(y + kQrQuietZone) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  const std::string name = html_escape(label);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" viewBox=\"0 0 " + side + " " + side +
         "\" width=\"" + px + "\" height=\"" + px + "\" role=\"img\" aria-label=\"" + name +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + side + "\" height=\"" + side +
         "\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"" + path + "\"/></svg>";
}

std::string qr_svg(std::string_view text, std::string_view label) {
  auto code = QrCode::encode(text);
  return code ? qr_svg(*code, label) : std::string();
}

}  // namespace manualgen
