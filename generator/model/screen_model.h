#pragma once
// checks/models/<flow>.json: the real Microsoft screens of a flow as a state machine — states
// with the UI label keys on them, and the transitions between them, per verification method and
// policy. The labels' texts stay in locales/; the model names them by key.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/model/condition.h"

namespace manualgen {

struct Transition {
  std::string to;
  std::vector<Term> when;
  std::vector<Method> methods;  // a pick: the option leading here (any of them)
};

struct ModelState {
  enum class Kind { screen, entry, pick, end, error, device };
  std::string id;
  Kind kind = Kind::screen;
  std::vector<std::string> labels;
  std::vector<Transition> next;
  std::vector<std::string> errors;  // error states reachable from here
  std::vector<std::string> side;    // other screens used alongside (the Authenticator app)
  bool completes_verification = false;
  Location where;

  /// On the path a user walks (not an error exit or the phone beside the browser).
  bool on_path() const { return kind != Kind::error && kind != Kind::device; }
};

struct FlowModel {
  std::string flow;
  std::vector<std::string> start;
  std::string after_verification;
  std::vector<std::string> urls;
  std::map<std::string, ModelState> states;
  std::string file;

  const ModelState* state(const std::string& id) const;
};

/// Loads `checks/models/<flow>.json` and its includes from `dir`.
std::optional<FlowModel> load_flow_model(const std::string& dir, const std::string& display_dir,
                                         const std::string& flow, Diagnostics& diags);

}  // namespace manualgen
