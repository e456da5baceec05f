#pragma once
// A resolved manual: one organisation, one locale, one flow, with every condition applied, every
// placeholder filled and every piece of text knowing where it came from. The renderer turns it
// into pages; the flow checker reads it.

#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/load/flow_structure.h"
#include "generator/load/prose_file.h"
#include "generator/model/screen_model.h"

namespace manualgen {

struct Organisation;

/// A UI label a part's prose referred to with {{ui.KEY}}.
struct LabelUse {
  std::string key;
  std::string screen;
  std::string text;
  std::string tag;
};

/// A screen the page draws for a part: which, what it highlights (the labels of it the part's prose
/// names), and in which verification step it is met (1 or 2; 0 outside verification).
struct Illustration {
  std::string screen;
  std::vector<LabelRef> highlights;
  int verification_step = 0;
};

struct ResolvedPart {
  PartKind kind = PartKind::step;
  std::string id;
  std::string title;
  std::string html;  // prose rendered to HTML
  int number = 0;    // steps: 1-based position among the numbered steps shown; 0 for the others
  std::vector<Method> methods;
  std::vector<std::string> screens;
  std::vector<LabelUse> labels;
  std::vector<Illustration> illustrations;
  std::vector<std::string> notes;       // the organisation's own notes (plain text)
  std::vector<std::string> former_ids;  // published ids that lead here
  std::vector<ResolvedPart> choices;
  std::vector<ResolvedPart> tips;
  Location structure;                     // the part in content/flows/<flow>.json
  Location prose;                         // its section heading in content/<locale>/<flow>.md
  const ProseSection* section = nullptr;  // the Markdown it was rendered from (owned by Content)
};

struct Manual {
  const Organisation* org = nullptr;
  std::string locale;
  std::string flow;
  std::string title;
  std::string intro_html;
  std::string summary_html;          // the intro's first paragraph
  const ProseFile* prose = nullptr;  // the flow's prose file (owned by Content)
  std::vector<std::string> notes;    // the organisation's notes for the whole flow (plain text)
  std::vector<ResolvedPart> steps;
};

}  // namespace manualgen
