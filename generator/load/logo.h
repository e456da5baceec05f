#pragma once
// An organisation's logo, checked before it is published. Logos are copied to the site as they
// are and served from its origin: an SVG opened on its own there runs its scripts with the
// site's rights, and one that loads anything from elsewhere tells that host who reads the manual.
// So an SVG may hold only drawing (the elements below, no event handlers, references only to its
// own #ids); a raster logo must be what its extension says.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace manualgen {

/// Logos are small images; a bigger file is a wrong one (a photo, a print-resolution export).
inline constexpr size_t kMaxLogoBytes = 1024 * 1024;

/// ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp".
const std::vector<std::string>& logo_extensions();

/// The SVG elements a logo may use: shapes, text, paint servers, clipping, masking and filters.
/// Not script, foreignObject, a, image, feImage, animation or anything in another namespace.
const std::vector<std::string>& svg_logo_elements();

/// What is wrong with a logo, and where in its file (line 0 when it is the file as a whole).
struct LogoProblem {
  int line = 0;
  int column = 0;
  std::string message;
  std::string hint;
};

/// Checks the bytes of a logo named with `extension` (one of `logo_extensions`): a raster logo
/// by the signature its format starts with; an SVG as well-formed UTF-8 XML whose root is <svg>,
/// with only `svg_logo_elements`, no DOCTYPE or processing instruction, no `on…` attribute, no
/// `href` other than a local `#id`, and in its styles and attributes no `url(…)` other than a
/// local `url(#id)`, no `@import`, `image-set(` or backslash (a CSS escape could hide either).
std::optional<LogoProblem> check_logo(std::string_view bytes, std::string_view extension);

}  // namespace manualgen
