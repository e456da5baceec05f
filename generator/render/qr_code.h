#pragma once
// QR codes for printed manuals: libqrencode makes the symbol, this draws it as inline SVG, so a
// printed page leads back to the live one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace manualgen {

/// A QR symbol: `size` × `size` modules, without the quiet zone.
class QrCode {
 public:
  /// Encodes `text` as bytes with error correction level M (15 %: survives a smudged print).
  /// Nullopt when libqrencode refuses it (too long for the largest symbol).
  static std::optional<QrCode> encode(std::string_view text);

  /// A symbol of `size` × `size` modules, row by row (1 = dark), as `encode` made it earlier.
  QrCode(int size, std::vector<unsigned char> modules) : size_(size), modules_(std::move(modules)) {}

  int size() const { return size_; }
  bool dark(int x, int y) const { return modules_[static_cast<size_t>(y * size_ + x)] != 0; }

 private:
  int size_;
  std::vector<unsigned char> modules_;  // a byte each: read a million times per site, kept a moment
};

/// Modules of white border around the symbol that readers need (the QR specification's minimum).
inline constexpr int kQrQuietZone = 4;

/// The symbol as an `<svg>` element (well-formed XML, so polyglot pages stay parseable): a square
/// viewBox of one unit per module including the quiet zone, a white background and one path of
/// dark modules, two CSS pixels a module unless CSS sizes it. `label` becomes its accessible name (role="img",
/// aria-label).
std::string qr_svg(const QrCode& code, std::string_view label);

/// `encode` then `qr_svg`; empty when `text` cannot be encoded.
std::string qr_svg(std::string_view text, std::string_view label);

}  // namespace manualgen
