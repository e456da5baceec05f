#include "generator/load/theme.h"

#include <algorithm>
#include <kainjow/mustache.hpp>

#include "generator/core/input_file.h"
#include "generator/core/project_lookup.h"
#include "generator/core/text.h"

namespace manualgen {

namespace mst = kainjow::mustache;

namespace {
const std::vector<std::string>& required_templates() {
  static const std::vector<std::string> names = {"layout", "index",       "landing",        "flow",
                                                 "manual", "servicedesk", "fragments/step", "fragments/desk"};
  return names;
}

// The names whose values are HTML the generator made itself (site_renderer.cpp): the page inside
// the layout, rendered prose, the fragments, QR codes, the drawn screens. Only these may be output raw.
const std::vector<std::string>& raw_names() {
  static const std::vector<std::string> names = {"content", "block",   "desk", "html",
                                                 "intro",   "summary", "qr",   "screens"};
  return names;
}

// `{{{name}}}` and `{{&name}}` put a value into the page as it is. A value from the config or
// the content (an organisation's name, a note) would then be markup: `<script>` in the name of an
// organisation would run on every page. Only the generator's own HTML may be raw; for a dotted
// name the last part decides (`{{{flow.intro}}}`).
void check_raw_output(const std::string& text, const std::string& shown, Diagnostics& diags) {
  for (size_t open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
    if (text.compare(open, 3, "{{!") == 0) {  // a comment, whatever it holds
      if ((open = text.find("}}", open + 3)) == std::string::npos) return;
      continue;
    }
    const bool triple = text.compare(open, 3, "{{{") == 0;
    if (!triple && text.compare(open, 3, "{{&") != 0) continue;
    size_t close = text.find(triple ? "}}}" : "}}", open + 3);
    if (close == std::string::npos) return;  // check_tags_closed reports it
    std::string name(std::string_view(text).substr(open + 3, close - open - 3));
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    const std::string last = name.substr(name.rfind('.') == std::string::npos || name == "." ? 0 : name.rfind('.') + 1);
    if (std::find(raw_names().begin(), raw_names().end(), last) != raw_names().end()) continue;
    diags.error({shown, line_of_offset(text, open), 0},
                "the template outputs " + text.substr(open, close - open + (triple ? 3 : 2)) +
                    " unescaped, a value that can come from the config or the content",
                "write {{" + name + "}}, which escapes it; only the generator's own HTML may be output raw: " +
                    join_quoted(raw_names(), " and "));
  }
}

// The delimiters of a template are {{ }}: the checks of its tags (unclosed, raw output) read them.
// False, with an error, when it sets others.
bool check_delimiters(const std::string& text, const std::string& shown, Diagnostics& diags) {
  size_t at = text.find("{{=");
  if (at == std::string::npos) return true;
  diags.error({shown, line_of_offset(text, at), 0}, "the template changes its tag delimiters with {{=…=}}",
              "keep {{ and }}: the checks of a theme's tags read those");
  return false;
}

// kainjow takes "{{title</a> … }}" for one long tag and renders it as nothing; a tag holding a
// line break, a "<" or another "{{" is a tag someone forgot to close.
void check_tags_closed(const std::string& text, const std::string& shown, Diagnostics& diags) {
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

std::optional<Theme> Theme::load(const ProjectFiles& files, const std::string& folder, Diagnostics& diags) {
  if (!files.is_folder(folder)) {
    diags.error({files.shown(folder)}, "theme folder does not exist, in the project nor in the shipped files",
                "check \"theme\" in site-config.json; themes live in themes/");
    return std::nullopt;
  }
  Theme theme;
  theme.display_ = files.shown(folder);
  bool good = true;
  for (const auto& name : required_templates()) {
    const auto found = files.find(folder + "/templates/" + name + ".mustache");
    const std::string& shown = found.shown;
    std::string text;
    // As for prose: a template is a page's worth of markup; a bigger file is a wrong one (a page
    // saved over it, a log), and kainjow would compile it for every render thread.
    constexpr size_t kLimit = 1024 * 1024;
    if (FileRead read = read_regular_file(found.path, kLimit, text); read.problem != ReadProblem::none) {
      if (read.problem == ReadProblem::missing)
        diags.error({shown}, "the theme has no \"" + name + "\" template",
                    "every theme has the templates " + join_quoted(required_templates(), " and "));
      else
        report_read_problem(read, shown, kLimit, "is this the right file?", diags);
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
    if (check_delimiters(text, shown, diags)) {
      check_tags_closed(text, shown, diags);
      check_raw_output(text, shown, diags);
    }
    if (static_cast<size_t>(diags.error_count()) != before) {
      good = false;
      continue;
    }
    theme.sources_[name] = text;
  }
  // Links to files are published as the files they lead to (the project-links check has made sure
  // they stay inside the project); links to folders are not followed.
  const std::string statics = folder + "/static";
  for (const FolderEntry& entry : files.walk(statics))
    if (entry.kind == FolderEntry::Kind::file)
      theme.static_files_[entry.relative] = files.find(statics + "/" + entry.relative).path;
  if (!good) return std::nullopt;
  return theme;
}

}  // namespace manualgen
