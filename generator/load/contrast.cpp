#include "generator/load/contrast.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace manualgen {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

double to_linear(double channel) {
  return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

double to_gamma(double linear) {
  return linear <= 0.0031308 ? linear * 12.92 : 1.055 * std::pow(linear, 1.0 / 2.4) - 0.055;
}

// OKLab (Björn Ottosson, 2020): a space where equal steps of lightness look equal, so "the nearest
// colour" means what a designer would pick, not just the nearest in RGB.
struct Lab {
  double l, a, b;
};

Lab to_oklab(Colour c) {
  double r = to_linear(c.rgb[0] / 255.0), g = to_linear(c.rgb[1] / 255.0), b = to_linear(c.rgb[2] / 255.0);
  double l = std::cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  double m = std::cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  double s = std::cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return {0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
          1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
          0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
}

// Linear sRGB of an OKLab colour; may lie outside [0, 1].
std::array<double, 3> oklab_to_linear(Lab lab) {
  double l = lab.l + 0.3963377774 * lab.a + 0.2158037573 * lab.b;
  double m = lab.l - 0.1055613458 * lab.a - 0.0638541728 * lab.b;
  double s = lab.l - 0.0894841775 * lab.a - 1.2914855480 * lab.b;
  l = l * l * l;
  m = m * m * m;
  s = s * s * s;
  return {4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
          -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
          -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s};
}

bool in_gamut(const std::array<double, 3>& linear) {
  return std::all_of(linear.begin(), linear.end(), [](double v) { return v >= -1e-4 && v <= 1 + 1e-4; });
}

Colour from_linear(const std::array<double, 3>& linear) {
  Colour c;
  for (size_t i = 0; i < 3; ++i)
    c.rgb[i] = static_cast<int>(std::lround(std::clamp(to_gamma(std::clamp(linear[i], 0.0, 1.0)), 0.0, 1.0) * 255));
  return c;
}

// The colour at lightness `l` with the hue of `lab`, keeping as much of its chroma as sRGB allows.
Colour with_lightness(Lab lab, double l) {
  Lab full{l, lab.a, lab.b};
  if (in_gamut(oklab_to_linear(full))) return from_linear(oklab_to_linear(full));
  double lo = 0, hi = 1;  // fraction of the chroma kept
  for (int i = 0; i < 30; ++i) {
    double mid = (lo + hi) / 2;
    (in_gamut(oklab_to_linear({l, lab.a * mid, lab.b * mid})) ? lo : hi) = mid;
  }
  return from_linear(oklab_to_linear({l, lab.a * lo, lab.b * lo}));
}

bool passes(Colour c, const std::vector<Colour>& against, double minimum) {
  return std::all_of(against.begin(), against.end(), [&](Colour o) { return contrast_ratio(c, o) >= minimum; });
}

const Colour kWhite{{255, 255, 255}};
// The default theme's body text (--text in themes/default/static/style.css), drawn on `accent`.
const Colour kThemeText{{0x1b, 0x1b, 0x1b}};

std::string quoted(Colour c) { return "\"" + to_hex(c) + "\""; }

std::string suggestion(std::string_view field, std::optional<Colour> colour, const std::vector<Colour>& against) {
  if (!colour) return "no " + std::string(field) + " of this hue passes them all: choose another colour";
  double worst = 21;
  for (Colour o : against) worst = std::min(worst, contrast_ratio(*colour, o));
  return "the nearest " + std::string(field) + " that passes is " + quoted(*colour) + " (" + format_ratio(worst) + ")";
}

}  // namespace

std::optional<Colour> parse_colour(std::string_view text) {
  if ((text.size() != 4 && text.size() != 7) || text[0] != '#') return std::nullopt;
  Colour c;
  bool short_form = text.size() == 4;
  for (size_t i = 0; i < 3; ++i) {
    int hi = hex_digit(text[short_form ? 1 + i : 1 + 2 * i]);
    int lo = hex_digit(text[short_form ? 1 + i : 2 + 2 * i]);
    if (hi < 0 || lo < 0) return std::nullopt;
    c.rgb[i] = hi * 16 + lo;
  }
  return c;
}

std::string to_hex(Colour c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.rgb[0], c.rgb[1], c.rgb[2]);
  return buf;
}

double relative_luminance(Colour c) {
  return 0.2126 * to_linear(c.rgb[0] / 255.0) + 0.7152 * to_linear(c.rgb[1] / 255.0) +
         0.0722 * to_linear(c.rgb[2] / 255.0);
}

double contrast_ratio(Colour a, Colour b) {
  double la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::string format_ratio(double ratio, double threshold) {
  double shown = std::round(ratio * 100) / 100;
  if (ratio < threshold && shown >= threshold) shown = std::floor(ratio * 100) / 100;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f:1", shown);
  return buf;
}

std::optional<Colour> nearest_passing(Colour colour, const std::vector<Colour>& against, double minimum) {
  if (passes(colour, against, minimum)) return colour;
  const Lab lab = to_oklab(colour);
  // Walk away from the colour's lightness in both directions at once; the first step that passes
  // is the smallest visible change.
  constexpr int kSteps = 1000;
  for (int i = 1; i <= kSteps; ++i) {
    double delta = static_cast<double>(i) / kSteps;
    for (double l : {lab.l - delta, lab.l + delta}) {
      if (l < 0 || l > 1) continue;
      Colour c = with_lightness(lab, l);
      if (passes(c, against, minimum)) return c;
    }
  }
  return std::nullopt;
}

std::vector<ContrastProblem> check_brand_contrast(std::string_view primary_text, std::string_view on_primary_text,
                                                  std::string_view accent_text) {
  std::vector<ContrastProblem> problems;
  auto primary = parse_colour(primary_text);
  auto on_primary = parse_colour(on_primary_text);
  auto accent = parse_colour(accent_text);
  const std::string need = "; WCAG 2.1 AA needs at least 4.5:1";
  auto ratio = [](Colour a, Colour b) { return format_ratio(contrast_ratio(a, b)); };
  auto fails = [](Colour a, Colour b) { return contrast_ratio(a, b) < kMinimumContrast; };

  // A dark accent is the accent's problem, links on it included; otherwise those links are primary's.
  const bool accent_fails = accent && fails(*accent, kThemeText);

  // The brand colour carries on_primary text, and is the link colour on the white page and in tips.
  if (primary && on_primary) {
    std::vector<Colour> against = {*on_primary, kWhite};
    if (accent && !accent_fails) against.push_back(*accent);
    std::vector<std::string> failing;
    const bool white_text = *on_primary == kWhite;  // then the first two pairs are one
    if (fails(*primary, *on_primary))
      failing.push_back("text in on_primary " + quoted(*on_primary) + " on primary " + quoted(*primary) +
                        (white_text ? " (and links in primary on the white page)" : "") + " has a contrast ratio of " +
                        ratio(*primary, *on_primary));
    const bool only_text = !failing.empty() && !white_text;
    if (!white_text && fails(*primary, kWhite))
      failing.push_back("links in primary " + quoted(*primary) + " on the white page have a contrast ratio of " +
                        ratio(*primary, kWhite));
    if (accent && !accent_fails && fails(*primary, *accent))
      failing.push_back("links in primary " + quoted(*primary) + " on accent " + quoted(*accent) +
                        " (tips) have a contrast ratio of " + ratio(*primary, *accent));
    if (!failing.empty()) {
      std::string message;
      for (size_t i = 0; i < failing.size(); ++i) message += (i ? ", and " : "") + failing[i];
      std::string hint = suggestion("primary", nearest_passing(*primary, against), against);
      // Dark text on a dark brand colour fails where white text would not: then the text is the fix.
      if (only_text && failing.size() == 1 && !fails(*primary, kWhite))
        hint = "keep the primary and use on_primary \"#ffffff\" (" + ratio(*primary, kWhite) + ")" +
               (hint.rfind("no ", 0) == 0 ? "" : ", or " + hint);
      problems.push_back({"primary", message + need, hint});
    }
  }
  if (accent_fails) {
    std::string message = "body text " + quoted(kThemeText) + " on accent " + quoted(*accent) +
                          " (tips and notes) has a contrast ratio of " + ratio(*accent, kThemeText);
    std::vector<Colour> against = {kThemeText};
    if (primary) {
      against.push_back(*primary);
      if (fails(*accent, *primary))
        message += ", and links in primary " + quoted(*primary) + " on it have " + ratio(*accent, *primary);
    }
    // Keep links readable on the new accent too, where a colour of this hue allows it.
    auto fix = nearest_passing(*accent, against);
    if (!fix) {
      against.resize(1);
      fix = nearest_passing(*accent, against);
    }
    problems.push_back({"accent", message + need, suggestion("accent", fix, against)});
  }
  return problems;
}

}  // namespace manualgen
