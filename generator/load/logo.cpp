#include "generator/load/logo.h"

#include <algorithm>
#include <pugixml.hpp>

#include "generator/core/text.h"

namespace manualgen {

const std::vector<std::string>& logo_extensions() {
  static const std::vector<std::string> extensions = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"};
  return extensions;
}

const std::vector<std::string>& svg_logo_elements() {
  static const std::vector<std::string> names = {"svg",
                                                 "g",
                                                 "defs",
                                                 "symbol",
                                                 "use",
                                                 "title",
                                                 "desc",
                                                 "style",
                                                 "path",
                                                 "rect",
                                                 "circle",
                                                 "ellipse",
                                                 "line",
                                                 "polyline",
                                                 "polygon",
                                                 "text",
                                                 "tspan",
                                                 "textPath",
                                                 "linearGradient",
                                                 "radialGradient",
                                                 "stop",
                                                 "pattern",
                                                 "clipPath",
                                                 "mask",
                                                 "marker",
                                                 "filter",
                                                 "feBlend",
                                                 "feColorMatrix",
                                                 "feComponentTransfer",
                                                 "feComposite",
                                                 "feConvolveMatrix",
                                                 "feDiffuseLighting",
                                                 "feDisplacementMap",
                                                 "feDistantLight",
                                                 "feDropShadow",
                                                 "feFlood",
                                                 "feFuncA",
                                                 "feFuncB",
                                                 "feFuncG",
                                                 "feFuncR",
                                                 "feGaussianBlur",
                                                 "feMerge",
                                                 "feMergeNode",
                                                 "feMorphology",
                                                 "feOffset",
                                                 "fePointLight",
                                                 "feSpecularLighting",
                                                 "feSpotLight",
                                                 "feTile",
                                                 "feTurbulence"};
  return names;
}

namespace {

constexpr const char* kSvgHint =
    "logos may hold only drawing (see the README, Logos); export it again as a plain SVG, or as a PNG";

// The raster format whose signature `bytes` start with, or nothing.
std::optional<std::string_view> raster_format(std::string_view bytes) {
  if (bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n") return "a PNG image";
  if (bytes.substr(0, 3) == "\xFF\xD8\xFF") return "a JPEG image";
  if (bytes.substr(0, 6) == "GIF87a" || bytes.substr(0, 6) == "GIF89a") return "a GIF image";
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") return "a WebP image";
  return std::nullopt;
}

std::string_view expected_format(std::string_view extension) {
  if (extension == ".png") return "a PNG image";
  if (extension == ".jpg" || extension == ".jpeg") return "a JPEG image";
  if (extension == ".gif") return "a GIF image";
  return "a WebP image";
}

// Walks an SVG document's nodes and stops at the first that a logo must not have.
class SvgCheck {
 public:
  explicit SvgCheck(std::string_view bytes) : bytes_(bytes) {}

  std::optional<LogoProblem> run(const pugi::xml_document& doc) {
    const pugi::xml_node root = doc.document_element();
    if (std::string_view(root.name()) != "svg")
      return problem(root, std::string("the root element is <") + root.name() + ">, not <svg>",
                     "save the logo as an SVG image");
    // Depth first without recursion: a hostile file can nest deeply.
    std::vector<pugi::xml_node> stack;
    for (auto child = doc.last_child(); child; child = child.previous_sibling()) stack.push_back(child);
    while (!stack.empty()) {
      const pugi::xml_node node = stack.back();
      stack.pop_back();
      if (auto found = check_node(node, root)) return found;
      for (auto child = node.last_child(); child; child = child.previous_sibling()) stack.push_back(child);
    }
    return std::nullopt;
  }

 private:
  std::optional<LogoProblem> check_node(const pugi::xml_node& node, const pugi::xml_node& root) {
    switch (node.type()) {
      case pugi::node_doctype:
        return problem(node, "the logo has a DOCTYPE; its entities could hide markup from this check", kSvgHint);
      case pugi::node_pi:
        return problem(node, std::string("the logo has a processing instruction <?") + node.name() + "?>",
                       "remove it: <?xml-stylesheet?> loads a style sheet from elsewhere");
      case pugi::node_element:
        if (node.parent().type() == pugi::node_document && node != root)
          return problem(node, "the logo has a second root element <" + std::string(node.name()) + ">", kSvgHint);
        return check_element(node);
      default:
        return std::nullopt;
    }
  }

  std::optional<LogoProblem> check_element(const pugi::xml_node& element) {
    const std::string name = element.name();
    const auto& allowed = svg_logo_elements();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return problem(element, "the logo has a <" + name + "> element", kSvgHint);
    for (const pugi::xml_attribute& attribute : element.attributes())
      if (auto found = check_attribute(element, attribute)) return found;
    if (name == "style") {
      std::string css;
      for (const pugi::xml_node& child : element.children()) css += child.value();
      if (auto why = css_problem(css)) return problem(element, "the logo's <style> " + *why, kSvgHint);
    }
    return std::nullopt;
  }

  std::optional<LogoProblem> check_attribute(const pugi::xml_node& element, const pugi::xml_attribute& attribute) {
    const std::string name = attribute.name();
    const std::string local = name.substr(name.find(':') == std::string::npos ? 0 : name.find(':') + 1);
    const std::string value = attribute.value();
    const std::string at = "<" + std::string(element.name()) + " " + name + "=\"…\">";
    if (ascii_lowercase(local).rfind("on", 0) == 0)
      return problem(element, "the logo has an event handler " + at + ", which runs script", kSvgHint);
    if (local == "href" && value.find_first_not_of(" \t\r\n") != value.find('#'))
      return problem(element, "the logo's " + at + " leads outside the logo (" + describe_reference(value) + ")",
                     "a logo may refer only to its own parts, as href=\"#id\"");
    if (auto why = css_problem(value)) return problem(element, "the logo's " + at + " " + *why, kSvgHint);
    return std::nullopt;
  }

  // Why CSS (a style sheet, or an attribute value, which SVG reads as CSS) may load something from
  // elsewhere, or nothing.
  static std::optional<std::string> css_problem(const std::string& css) {
    const std::string lower = ascii_lowercase(css);
    if (lower.find('\\') != std::string::npos) return "has a backslash (a CSS escape could hide an address)";
    if (lower.find("@import") != std::string::npos) return "imports a style sheet with @import";
    if (lower.find("image-set(") != std::string::npos) return "loads an image with image-set()";
    for (size_t at = lower.find("url("); at != std::string::npos; at = lower.find("url(", at + 4)) {
      size_t target = lower.find_first_not_of(" \t\r\n'\"", at + 4);
      if (target == std::string::npos || lower[target] != '#') return "loads something with url() from elsewhere";
    }
    return std::nullopt;
  }

  static std::string describe_reference(const std::string& value) {
    const std::string lower = ascii_lowercase(value);
    if (lower.find("javascript:") != std::string::npos) return "a javascript: link, which runs script";
    if (lower.find("data:") != std::string::npos) return "a data: address, which can hold a document with script";
    return "\"" + value.substr(0, 60) + "\"";
  }

  // At the node's "<": pugixml gives the offset of its name.
  LogoProblem problem(const pugi::xml_node& node, std::string message, std::string hint) const {
    size_t offset = static_cast<size_t>(std::max<ptrdiff_t>(node.offset_debug(), 0));
    for (int back = 0; back < 2 && offset > 0 && bytes_[offset] != '<'; ++back) --offset;
    TextPosition at = position_of_offset(bytes_, offset);
    return {at.line, at.column, std::move(message), std::move(hint)};
  }

  std::string_view bytes_;
};

std::optional<LogoProblem> check_svg(std::string_view bytes) {
  if (auto raster = raster_format(bytes))
    return LogoProblem{0, 0, "the file is " + std::string(*raster) + ", not an SVG",
                       "give the file the extension of its format"};
  if (size_t bad = 0; !valid_utf8(bytes, bad)) {
    TextPosition at = position_of_offset(bytes, bad);
    return LogoProblem{at.line, at.column, "the logo is not valid UTF-8", "save the SVG as UTF-8"};
  }
  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_full & ~pugi::parse_eol, pugi::encoding_utf8);
  if (!parsed) {
    TextPosition at = position_of_offset(bytes, static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)));
    return LogoProblem{at.line, at.column, std::string("the logo is not well-formed XML: ") + parsed.description(),
                       "an SVG is XML: open it in an SVG editor and save it again"};
  }
  return SvgCheck(bytes).run(doc);
}

}  // namespace

std::optional<LogoProblem> check_logo(std::string_view bytes, std::string_view extension) {
  if (extension == ".svg") return check_svg(bytes);
  const std::string_view expected = expected_format(extension);
  auto actual = raster_format(bytes);
  if (actual && *actual == expected) return std::nullopt;
  return LogoProblem{
      0, 0,
      actual ? "the file is " + std::string(*actual) + ", not " + std::string(expected) + " as its extension says"
             : "the file is not " + std::string(expected) + ", as its extension says it is",
      "export the logo again, or give the file the extension of its format"};
}

}  // namespace manualgen
