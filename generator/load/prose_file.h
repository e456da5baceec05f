#pragma once
// content/<locale>/<flow>.md: the prose of one flow in one locale, cut into sections by
// `## [step-id] Title` and `### [id] Title` headings.

#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/load/markdown.h"

namespace manualgen {

struct ProseSection {
  std::string id;
  std::string title;      // may be empty for tips
  int level = 2;          // 2 for steps, 3 for choices and tips
  std::string body;       // Markdown
  Location heading;       // file and line of the heading
  int body_line = 0;      // line of the body's first line, to map Markdown positions back to the file
  PreparedMarkdown html;  // the body, parsed once
};

struct ProseFile {
  std::string file;
  std::string title;
  Location title_where;
  std::string intro;
  int intro_line = 0;
  PreparedMarkdown intro_html;
  PreparedMarkdown summary_html;  // the intro's first paragraph: the landing page's summary
  std::vector<ProseSection> sections;

  const ProseSection* find(const std::string& id) const;
};

/// Parses prose text; `display` names the file in messages.
ProseFile parse_prose(const std::string& text, const std::string& display, Diagnostics& diags);
std::optional<ProseFile> load_prose_file(const std::string& path, const std::string& display, Diagnostics& diags);

}  // namespace manualgen
