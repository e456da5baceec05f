#include "generator/load/theme.h"

#include <filesystem>
#include <kainjow/mustache.hpp>

#include "generator/core/text.h"

namespace manualgen {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

namespace {
const std::vector<std::string>& required_templates() {
  static const std::vector<std::string> names = {"layout", "index",       "landing",        "flow",
                                                 "manual", "servicedesk", "fragments/step", "fragments/desk"};
  return names;
}

// kainjow takes "{{title</a> … }}" for one long tag and renders it as nothing; a tag holding a
// line break, a "<" or another "{{" is a tag someone forgot to close.
void check_tags_closed(const std::string& text, const std::string& shown, Diagnostics& diags) {
  if (text.find("{{=") != std::string::npos) return;  // custom delimiters: kainjow's parse decides
  for (size_t open = text.find("{{"); open != std::string::npos;) {
    size_t close = text.find("}}", open + 2);
    std::string_view inner =
        std::string_view(text).substr(open + 2, close == std::string::npos ? 40 : close - open - 2);
    bool comment = !inner.empty() && inner[0] == '!';
    if (!comment && (close == std::string::npos || inner.find_first_of("\n<") != std::string_view::npos ||
                     inner.find("{{") != std::string_view::npos)) {
      size_t end = inner.find_first_of(" \n<{}", 1);
      std::string_view start =
          std::string_view(text).substr(open, 2 + (end == std::string_view::npos ? inner.size() : end));
      diags.error({shown, line_of_offset(text, open), 0}, "unclosed tag \"" + std::string(start) + "\"",
                  "close it with }}, e.g. {{title}}");
      return;
    }
    open = text.find("{{", close + 2);
  }
}
}  // namespace

std::optional<Theme> Theme::load(const std::string& dir, const std::string& display, Diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error({display}, "theme folder does not exist",
                "check \"theme\" in site-config.json; themes live in themes/");
    return std::nullopt;
  }
  Theme theme;
  theme.display_ = display;
  bool good = true;
  for (const auto& name : required_templates()) {
    fs::path path = fs::path(dir) / "templates" / (name + ".mustache");
    std::string shown = display + "/templates/" + name + ".mustache";
    std::string text;
    if (!read_file(path.string(), text)) {
      diags.error({shown}, "the theme has no \"" + name + "\" template");
      good = false;
      continue;
    }
    // As for prose: a template is a page's worth of markup; a bigger file is a wrong one (a page
    // saved over it, a log), and kainjow would compile it for every render thread.
    if (text.size() > 1024 * 1024) {
      diags.error({shown}, "the file is larger than 1 MiB", "is this the right file?");
      good = false;
      continue;
    }
    strip_bom(text);  // as Windows Notepad saves it; kept, it would precede <!DOCTYPE html>
    mst::mustache probe{text};
    if (!probe.is_valid()) {
      // kainjow ends its messages with " at <byte offset>"; an editor needs the line.
      std::string message = probe.error_message();
      int line = 0;
      if (size_t at = message.rfind(" at "); at != std::string::npos && at + 4 < message.size() &&
                                             message.find_first_not_of("0123456789", at + 4) == std::string::npos) {
        line = line_of_offset(text, std::stoul(message.substr(at + 4)));
        message.erase(at);
      }
      diags.error({shown, line, 0}, "template does not parse: " + message,
                  "check that every {{#section}} has its {{/section}} and every tag is closed with }}");
      good = false;
      continue;
    }
    size_t before = static_cast<size_t>(diags.error_count());
    check_tags_closed(text, shown, diags);
    if (static_cast<size_t>(diags.error_count()) != before) {
      good = false;
      continue;
    }
    theme.sources_[name] = text;
  }
  fs::path statics = fs::path(dir) / "static";
  if (fs::is_directory(statics, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(statics, ec))
      if (entry.is_regular_file())
        theme.static_files_[fs::relative(entry.path(), statics).generic_string()] = entry.path().string();
  }
  if (!good) return std::nullopt;
  return theme;
}

}  // namespace manualgen
