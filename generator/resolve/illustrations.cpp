#include "generator/resolve/illustrations.h"

#include <algorithm>

namespace manualgen {

namespace {

// Whether the reader does something with `element` (types in it, chooses it, clicks it): what a
// picture highlights. Titles and messages are named in prose to say where the reader is.
bool used(const ScreenElement& element) {
  using K = ScreenElement::Kind;
  return element.is_action() || element.kind == K::field || element.kind == K::captcha || element.kind == K::answers;
}

// The element with label `ref` on `state` or on the pick screen it is drawn within.
const ScreenElement* element_of(const ModelState& state, const LabelRef& ref, const FlowModel& model) {
  const ModelState* owner = ref.screen == state.id       ? &state
                            : ref.screen == state.within ? model.state(state.within)
                                                         : nullptr;
  return owner ? owner->element(ref.key) : nullptr;
}

// The labels of `resolved`'s prose that name something to use on `state` (or on the pick screen it
// is drawn within).
std::vector<LabelRef> named_on(const ModelState& state, const ResolvedPart& resolved, const FlowModel& model) {
  std::vector<LabelRef> out;
  for (const auto& use : resolved.labels) {
    const ScreenElement* element = element_of(state, {use.screen, use.key}, model);
    if (!element || !used(*element)) continue;
    LabelRef ref{use.screen, use.key};
    if (std::none_of(out.begin(), out.end(),
                     [&](const LabelRef& r) { return r.screen == ref.screen && r.key == ref.key; }))
      out.push_back(ref);
  }
  return out;
}

// The screens the definition lists, or else those of its screens whose labels the prose names; a
// part that names none shows its first screen on the reader's way. A listed screen is drawn even
// where it is off the path (the Windows sign-in screen the reader starts from): the author asked.
std::vector<const ModelState*> candidates(const Part& part, const ResolvedPart& resolved, const FlowModel& model) {
  std::vector<const ModelState*> out;
  const bool chosen = part.illustrate == Part::Illustrate::listed;
  const auto& listed = chosen ? part.illustrate_screens : resolved.screens;
  for (const auto& id : listed) {
    const ModelState* state = model.state(id);
    if (!state || (chosen ? state->elements.empty() : !drawable(*state))) continue;
    if (part.illustrate == Part::Illustrate::listed || !named_on(*state, resolved, model).empty()) out.push_back(state);
  }
  if (!out.empty() || part.illustrate == Part::Illustrate::listed) return out;
  for (const auto& id : resolved.screens)
    if (const ModelState* state = model.state(id); state && drawable(*state) && state->on_path()) return {state};
  return out;
}

// A pick screen is shown by the pane drawn within it; drawn again alone it would repeat itself.
void drop_covered(std::vector<const ModelState*>& states) {
  std::erase_if(states, [&](const ModelState* s) {
    return std::any_of(states.begin(), states.end(), [&](const ModelState* other) { return other->within == s->id; });
  });
}

}  // namespace

bool drawable(const ModelState& state) {
  return !state.elements.empty() && state.kind != ModelState::Kind::error && state.kind != ModelState::Kind::exit;
}

std::vector<Illustration> choose_illustrations(const Part& part, const ResolvedPart& resolved, const FlowModel& model,
                                               int verification_step) {
  if (part.illustrate == Part::Illustrate::none) return {};
  std::vector<const ModelState*> states = candidates(part, resolved, model);
  drop_covered(states);
  std::vector<Illustration> out;
  for (const ModelState* state : states) {
    bool in_verification = state->progress == ModelState::Progress::verification || !state->within.empty();
    out.push_back({state->id, named_on(*state, resolved, model), in_verification ? std::max(verification_step, 1) : 0});
  }
  return out;
}

}  // namespace manualgen
