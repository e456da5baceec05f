#pragma once
// content/screens/<flow>.json: Microsoft's screens of one flow, the one source of truth about what
// the reader sees. Each screen is an ordered list of elements (title, text, field, option, button,
// link, progress indicator …) with the label key of each (texts stay in locales/) and, for actions,
// the screen they lead to. The generator draws the screens from it; `check flows` walks it.
// Format: content/screens/README.md.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/model/condition.h"

namespace manualgen {

class ProjectFiles;

/// Where an action leads, and when (all terms must hold for the organisation).
struct Transition {
  std::string to;  // a state id, or a target of kVerified / kSignedIn / kOption before loading ends
  std::vector<Term> when;
  std::vector<Method> methods;  // an option of a pick screen: the methods it stands for (any of them)
};

/// Targets with a meaning instead of a state id.
inline constexpr const char* kVerified = "@verified";   // ends verification step k
inline constexpr const char* kSignedIn = "@signed-in";  // the flow's `signed_in` state
inline constexpr const char* kOption = "@option";       // where the chosen option of the screen leads

/// A label on a screen: `key` in the labels of `screen` in locales/<tag>/ui.json.
struct LabelRef {
  std::string screen;
  std::string key;
  bool empty() const { return key.empty(); }
};

struct ScreenElement {
  enum class Kind { title, heading, text, message, progress, field, captcha, answers, display, option, button, link };
  Kind kind = Kind::text;
  LabelRef label;               // may be empty (a field with only a value, the progress indicator)
  std::string value;            // what a field shows: login-example, phone, code, password, private-email, …
  std::vector<Transition> to;   // actions: where they lead; empty: they stay on the screen
  std::vector<Method> methods;  // options: the methods they stand for
  std::string flow;             // options: the flow this choice belongs to (RST.WHY); empty: every flow
  int step = 0;                 // shown only in verification step `step` (1 or 2); 0: always
  bool primary = false;         // the screen's main button
  std::string tag = "seen";     // provenance of its look and place: seen, mt, 3p, inferred
  Location where;

  bool is_action() const { return kind == Kind::option || kind == Kind::button || kind == Kind::link; }
};

struct ModelState {
  enum class Kind { screen, entry, pick, end, error, device, exit };
  enum class Progress { none, verification, last };
  std::string id;
  Kind kind = Kind::screen;
  std::vector<ScreenElement> elements;
  std::string within;          // drawn inside this pick screen, with `method`'s option chosen
  std::vector<Method> method;  // with `within`: the option whose pane this is
  std::string host;            // shown in the address bar
  Progress progress = Progress::none;
  std::string tag = "seen";  // provenance of the screen as a whole
  // Derived from the elements (and `next` for screens that move on by themselves): what the path
  // walk reads.
  std::vector<std::string> labels;  // keys of this screen's own labels
  std::vector<Transition> next;
  bool completes_verification = false;
  std::vector<std::string> errors;  // error states reachable from here
  std::vector<std::string> side;    // other screens used alongside (the Authenticator app)
  Location where;

  /// On the path a user walks (not an error exit, the phone beside the browser or another flow).
  bool on_path() const { return kind != Kind::error && kind != Kind::device && kind != Kind::exit; }
  /// The element with label `key` of this screen, or null.
  const ScreenElement* element(const std::string& key) const;
};

struct FlowModel {
  std::string flow;
  std::vector<std::string> start;
  std::string after_verification;
  std::string signed_in;
  std::vector<std::string> urls;
  std::map<int, std::vector<LabelRef>> progress;  // methods required → the parts of the indicator
  std::map<std::string, ModelState> states;
  std::string file;

  const ModelState* state(const std::string& id) const;
  /// Every label the model names, by screen: its elements' and its progress parts'.
  std::map<std::string, std::vector<std::string>> labels_by_screen() const;
  /// Whether a step on `screens` starts a verification step: one of them is the pick screen of a
  /// verification. The screen is met once per method required, each time for another method.
  bool starts_verification(const std::vector<std::string>& screens) const;
};

/// Where action `element` of `state` leads in `model`'s flow: its targets with `@option` and
/// `@signed-in` replaced (an option of another flow leads to that flow's exit). `kVerified` stays as
/// it is; an empty list (or `state` itself) means the action stays on the screen.
std::vector<Transition> targets_of(const ScreenElement& element, const ModelState& state, const FlowModel& model);

/// Loads `<folder>/<flow>.json` and its includes (`content/screens`), each from the project or the
/// base layer.
std::optional<FlowModel> load_flow_model(const ProjectFiles& files, const std::string& folder, const std::string& flow,
                                         Diagnostics& diags);

}  // namespace manualgen
