#pragma once
// Colour contrast by the WCAG 2.1 formula, and the brand check run when the config is loaded:
// text drawn on the brand colour, and links drawn in it on the white page, must stay readable.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace manualgen {

/// An sRGB colour, 8 bits per channel.
struct Colour {
  std::array<int, 3> rgb{};
  bool operator==(const Colour&) const = default;
};

/// Parses `#rgb` or `#rrggbb` (either case).
std::optional<Colour> parse_colour(std::string_view text);

/// `#rrggbb`, lowercase.
std::string to_hex(Colour c);

/// WCAG 2.1 relative luminance, 0 (black) to 1 (white).
double relative_luminance(Colour c);

/// WCAG 2.1 contrast ratio, 1 to 21; the order of the two colours does not matter.
double contrast_ratio(Colour a, Colour b);

/// "4.48:1". A ratio below `threshold` never prints as the threshold itself (4.497 is "4.49:1",
/// not "4.50:1"), so a message never reads "4.50:1 is below 4.5:1".
std::string format_ratio(double ratio, double threshold = 4.5);

/// The colour nearest to `colour` with a contrast of at least `minimum` against each of `against`:
/// same hue, only the lightness changed (in OKLab, so the steps look even), the chroma reduced only
/// where the lighter or darker colour would leave sRGB. Nullopt when no lightness passes.
std::optional<Colour> nearest_passing(Colour colour, const std::vector<Colour>& against, double minimum = 4.5);

/// The ratio every brand pair must reach: WCAG 2.1 AA for normal text.
inline constexpr double kMinimumContrast = 4.5;

/// A brand pair below the minimum. `field` is the brand member to change (`primary`, `accent`).
struct ContrastProblem {
  std::string field;
  std::string message;
  std::string hint;
};

/// Checks the brand of the default theme: `on_primary` text on `primary` (header, step numbers),
/// `primary` links on the white page and on `accent` (tips), and the theme's body text (#1b1b1b)
/// on `accent`. At most one problem per field, with the nearest colour that fixes all its pairs.
/// Colours that do not parse are skipped; the loader reports those.
std::vector<ContrastProblem> check_brand_contrast(std::string_view primary, std::string_view on_primary,
                                                  std::string_view accent);

}  // namespace manualgen
