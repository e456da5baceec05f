#pragma once
// content/flows/<flow>.json: the steps of a flow, their screens, conditions, choices and tips.

#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/model/condition.h"

namespace manualgen {

enum class PartKind { step, choice, tip };

/// A step, a per-method choice of a step, or a tip of either. All share one id space per flow,
/// since every id is an HTML anchor on the flow's page.
struct Part {
  PartKind kind = PartKind::step;
  std::string id;
  std::vector<std::string> screens;
  std::vector<Term> when;
  std::vector<Method> methods;  // a choice's `method`: shown when any of them is enabled
  std::string prose_from;       // flow whose prose file holds this part's text
  std::vector<Part> choices;
  std::vector<Part> tips;
  std::vector<std::string> former_ids;  // published ids that now lead here ("redirects")
  // A step that is something to know rather than something to do ("Lukt het niet?") is not
  // numbered: `"numbered": false`.
  bool numbered = true;
  // Which screens the page draws for this step or choice: chosen from the screens its prose names
  // (automatic), none (`"illustrate": false`), or the ones listed (`"illustrate": ["RST.WHO"]`).
  enum class Illustrate { automatic, none, listed };
  Illustrate illustrate = Illustrate::automatic;
  std::vector<std::string> illustrate_screens;
  Location where;
};

struct FlowStructure {
  std::string id;
  std::vector<Part> steps;
  std::string file;

  /// Any part (step, choice, tip) by id.
  const Part* find(const std::string& id) const;
};

/// Calls `f(part, parent)` for every part in document order; `parent` is null for steps.
template <typename F>
void for_each_part(const std::vector<Part>& parts, F&& f, const Part* parent = nullptr) {
  for (const auto& p : parts) {
    f(p, parent);
    for_each_part(p.tips, f, &p);
    for_each_part(p.choices, f, &p);
  }
}

std::optional<FlowStructure> load_flow_structure(const std::string& path, const std::string& display,
                                                 const std::string& flow, Diagnostics& diags);
/// The same for the bytes of such a file (the fuzz target).
std::optional<FlowStructure> parse_flow_structure(std::string text, const std::string& display, const std::string& flow,
                                                  Diagnostics& diags);

}  // namespace manualgen
