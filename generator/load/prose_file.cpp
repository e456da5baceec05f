#include "generator/load/prose_file.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "generator/core/input_file.h"
#include "generator/core/text.h"

namespace manualgen {

const ProseSection* ProseFile::find(const std::string& id) const {
  for (const auto& s : sections)
    if (s.id == id) return &s;
  return nullptr;
}

namespace {

// False, with a message, when `text` cannot be read as prose at all (not UTF-8); a character that
// must not reach a page is reported, and the rest is still read.
bool readable(const std::string& text, const std::string& display, Diagnostics& diags) {
  size_t bad = 0;
  if (!valid_utf8(text, bad)) {
    diags.error({display, line_of_offset(text, bad), 0}, "the file is not valid UTF-8",
                "save it as UTF-8 in your editor (in Notepad: Save as, Encoding: UTF-8)");
    return false;
  }
  char32_t unsafe = 0;
  if (size_t at = find_unsafe_character(text, unsafe); at != std::string::npos)
    diags.error({display, line_of_offset(text, at), 0}, "the text contains " + describe_unsafe_character(unsafe),
                kUnsafeCharacterHint);
  return true;
}

// The lines of `text` without their line breaks, numbered as cmark numbers them: a line ends at
// "\n", "\r\n" or a lone "\r".
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
  return lines;
}

// The text of ATX heading `line` ("## [id] Title") after its `level` #s and the blanks after
// them, or nothing when `line` is not one: a setext heading, whose line is plain text.
std::optional<std::string_view> atx_heading_text(std::string_view line, int level) {
  size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos || indent > 3) return std::nullopt;
  std::string_view rest = line.substr(indent);
  size_t marks = std::min(rest.find_first_not_of('#'), rest.size());
  if (marks != static_cast<size_t>(level)) return std::nullopt;
  if (marks < rest.size() && rest[marks] != ' ' && rest[marks] != '\t') return std::nullopt;  // "#text"
  rest.remove_prefix(marks);
  rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
  return rest;
}

// A line that opens a title or a section: "# Title", "## [id] Title", "### [id] Title".
struct SectionHeading {
  int level = 0;  // 0 on every other line
  std::string_view text;
};

// The section heading on each line (index 0 is unused): the top-level headings of levels 1 to 3
// in cmark's tree, so a `#` line inside a code block is never one. Their text is taken from the
// line as written, not from the tree: cmark's inline parse would drop markup characters from a
// title and could make `[id]` a link.
std::vector<SectionHeading> section_headings(std::string_view text, const std::vector<std::string_view>& lines) {
  std::vector<SectionHeading> out(lines.size() + 1);
  for (const MarkdownHeading& h : top_level_headings(text)) {
    if (h.level > 3 || h.line < 1 || static_cast<size_t>(h.line) > lines.size()) continue;
    if (auto heading = atx_heading_text(lines[static_cast<size_t>(h.line) - 1], h.level))
      out[static_cast<size_t>(h.line)] = {h.level, *heading};
  }
  return out;
}

// Cuts a prose file into its title, intro and sections, one line at a time.
class SectionCutter {
 public:
  SectionCutter(ProseFile& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  void body_line(std::string_view line, int number) {
    if (body_) {
      *body_ += line;
      *body_ += '\n';
    } else if (file_.title.empty() && line.find_first_not_of(" \t") != std::string::npos) {
      diags_.error({file_.file, number, 1}, "text before the title",
                   "the file must start with \"# Title of the flow\"");
    }
  }

  void title(std::string_view text, int number) {
    Location where{file_.file, number, 1};
    if (!file_.title.empty() || !file_.sections.empty()) {
      diags_.error(where, "a second \"# \" title", "use \"## [step-id] Title\" for steps");
      return;
    }
    file_.title = text;
    file_.title_where = where;
    file_.intro_line = number + 1;
    body_ = &file_.intro;
  }

  // "## [id] Title" or "### [id]" / "### [id] Title"
  void section(std::string_view text, int level, int number) {
    Location where{file_.file, number, 1};
    size_t close = text.find(']');
    if (text.empty() || text[0] != '[' || close == std::string::npos) {
      diags_.error(where, "heading without a step id",
                   level == 2 ? "write \"## [step-id] Title\"; use #### or bold for headings inside a step"
                              : "write \"### [choice-or-tip-id] Title\"; use #### for headings inside a step");
      body_ = nullptr;
      return;
    }
    ProseSection section;
    section.id = text.substr(1, close - 1);
    section.title = text.substr(close + 1);
    section.title.erase(0, section.title.find_first_not_of(" \t"));
    section.level = level;
    section.heading = where;
    section.body_line = number + 1;
    if (file_.title.empty())
      diags_.error(where, "section before the title", "start the file with \"# Title of the flow\"");
    if (!ids_.insert(section.id).second) {
      diags_.error(where, "section [" + section.id + "] appears twice", "merge the two sections");
      body_ = nullptr;
      return;
    }
    if (level == 2 && section.title.empty()) diags_.error(where, "step [" + section.id + "] has no title");
    file_.sections.push_back(std::move(section));
    body_ = &file_.sections.back().body;
  }

 private:
  ProseFile& file_;
  Diagnostics& diags_;
  std::string* body_ = nullptr;  // where lines currently go
  std::set<std::string> ids_;
};

void cut_sections(std::string_view text, ProseFile& file, Diagnostics& diags) {
  const std::vector<std::string_view> lines = split_lines(text);
  const std::vector<SectionHeading> headings = section_headings(text, lines);
  SectionCutter cut(file, diags);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int number = static_cast<int>(i) + 1;
    const SectionHeading& heading = headings[i + 1];
    if (heading.level == 0)
      cut.body_line(lines[i], number);
    else if (heading.level == 1)
      cut.title(heading.text, number);
    else
      cut.section(heading.text, heading.level, number);
  }
}

// The intro, its first paragraph (the summary) and every section, parsed as Markdown once.
void prepare_markdown(ProseFile& file, Diagnostics& diags) {
  const std::string& display = file.file;
  file.intro_html = PreparedMarkdown::prepare(file.intro, {display, file.intro_line}, diags);
  size_t first = file.intro.find_first_not_of('\n');
  std::string summary = first == std::string::npos ? "" : file.intro.substr(first);
  summary = summary.substr(0, summary.find("\n\n"));
  Diagnostics repeated;  // the summary is part of the intro, whose problems are reported already
  file.summary_html = PreparedMarkdown::prepare(
      summary, {display, file.intro_line + static_cast<int>(first == std::string::npos ? 0 : first)}, repeated);
  for (auto& section : file.sections)
    section.html = PreparedMarkdown::prepare(section.body, {display, section.body_line}, diags);
}

}  // namespace

ProseFile parse_prose(const std::string& text, const std::string& display, Diagnostics& diags) {
  ProseFile file;
  file.file = display;
  if (!readable(text, display, diags)) return file;
  cut_sections(without_bom(text), file, diags);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    diags.error({display, 1, 1}, "the file is empty", "start it with \"# Title of the flow\"");
  prepare_markdown(file, diags);
  return file;
}

std::optional<ProseFile> load_prose_file(const std::string& path, const std::string& display, Diagnostics& diags) {
  // A flow's prose is a few pages of text; a bigger file is a wrong one (a log, a binary).
  auto text = read_input_file(path, display, 1024 * 1024, "is this the right file?", diags);
  if (!text) return std::nullopt;
  return parse_prose(*text, display, diags);
}

}  // namespace manualgen
