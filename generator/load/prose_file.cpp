#include "generator/load/prose_file.h"

#include <set>
#include <sstream>

#include "generator/core/text.h"

namespace manualgen {

const ProseSection* ProseFile::find(const std::string& id) const {
  for (const auto& s : sections)
    if (s.id == id) return &s;
  return nullptr;
}

ProseFile parse_prose(const std::string& text, const std::string& display, Diagnostics& diags) {
  ProseFile file;
  file.file = display;
  size_t bad = 0;
  if (!valid_utf8(text, bad)) {
    diags.error({display, line_of_offset(text, bad), 0}, "the file is not valid UTF-8",
                "save it as UTF-8 in your editor (in Notepad: Save as, Encoding: UTF-8)");
    return file;
  }
  char32_t unsafe = 0;
  if (size_t at = find_unsafe_character(text, unsafe); at != std::string::npos)
    diags.error({display, line_of_offset(text, at), 0}, "the text contains " + describe_unsafe_character(unsafe),
                kUnsafeCharacterHint);
  std::istringstream in(text);
  std::string line;
  int number = 0;
  bool in_fence = false;
  std::string* body = nullptr;  // where lines currently go
  std::set<std::string> ids;

  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) strip_bom(line);
    if (line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0) in_fence = !in_fence;

    int level = 0;
    if (!in_fence) {
      if (line.rfind("# ", 0) == 0)
        level = 1;
      else if (line.rfind("## ", 0) == 0)
        level = 2;
      else if (line.rfind("### ", 0) == 0)
        level = 3;
    }
    if (level == 0) {
      if (body) {
        *body += line;
        *body += '\n';
      } else if (file.title.empty() && line.find_first_not_of(" \t") != std::string::npos) {
        diags.error({display, number, 1}, "text before the title", "the file must start with \"# Title of the flow\"");
      }
      continue;
    }
    Location where{display, number, 1};
    if (level == 1) {
      if (!file.title.empty() || !file.sections.empty()) {
        diags.error(where, "a second \"# \" title", "use \"## [step-id] Title\" for steps");
        continue;
      }
      file.title = line.substr(2);
      file.title_where = where;
      file.intro_line = number + 1;
      body = &file.intro;
      continue;
    }
    // "## [id] Title" or "### [id]" / "### [id] Title"
    std::string rest = line.substr(static_cast<size_t>(level) + 1);
    size_t close = rest.find(']');
    if (rest.empty() || rest[0] != '[' || close == std::string::npos) {
      diags.error(where, "heading without a step id",
                  level == 2 ? "write \"## [step-id] Title\"; use #### or bold for headings inside a step"
                             : "write \"### [choice-or-tip-id] Title\"; use #### for headings inside a step");
      body = nullptr;
      continue;
    }
    ProseSection section;
    section.id = rest.substr(1, close - 1);
    section.title = rest.substr(close + 1);
    section.title.erase(0, section.title.find_first_not_of(" \t"));
    section.level = level;
    section.heading = where;
    section.body_line = number + 1;
    if (file.title.empty())
      diags.error(where, "section before the title", "start the file with \"# Title of the flow\"");
    if (!ids.insert(section.id).second) {
      diags.error(where, "section [" + section.id + "] appears twice", "merge the two sections");
      body = nullptr;
      continue;
    }
    if (level == 2 && section.title.empty()) diags.error(where, "step [" + section.id + "] has no title");
    file.sections.push_back(std::move(section));
    body = &file.sections.back().body;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    diags.error({display, 1, 1}, "the file is empty", "start it with \"# Title of the flow\"");
  file.intro_html = PreparedMarkdown::prepare(file.intro, {display, file.intro_line}, diags);
  size_t first = file.intro.find_first_not_of('\n');
  std::string summary = first == std::string::npos ? "" : file.intro.substr(first);
  summary = summary.substr(0, summary.find("\n\n"));
  Diagnostics repeated;  // the summary is part of the intro, whose problems are reported already
  file.summary_html = PreparedMarkdown::prepare(
      summary, {display, file.intro_line + static_cast<int>(first == std::string::npos ? 0 : first)}, repeated);
  for (auto& section : file.sections)
    section.html = PreparedMarkdown::prepare(section.body, {display, section.body_line}, diags);
  return file;
}

std::optional<ProseFile> load_prose_file(const std::string& path, const std::string& display, Diagnostics& diags) {
  std::string text;
  if (!read_file(path, text)) return std::nullopt;
  if (text.size() > 1024 * 1024) {
    diags.error({display}, "the file is larger than 1 MiB", "is this the right file?");
    return std::nullopt;
  }
  return parse_prose(text, display, diags);
}

}  // namespace manualgen
