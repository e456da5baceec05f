// Path rules: the manual as a set of paths through the model, one per choice of methods.

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "checks/flows/flow_checker.h"
#include "generator/core/text.h"
#include "generator/load/site_config.h"

namespace manualgen {

namespace {

struct Node {
  std::string state;
  const ResolvedPart* part;
  const ModelState* model = nullptr;  // the state in the flow's model; null for a screen it does not have
};

struct Variant {
  std::vector<const ResolvedPart*> choices;  // the choice taken at each choice step
};

std::string method_names(const std::vector<Method>& methods) {
  std::string out;
  for (Method m : methods) out += (out.empty() ? "" : "|") + std::string(method_id(m));
  return out;
}

std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "nothing" : out;
}

bool is_pick(const FlowModel& model, const std::string& state) {
  const ModelState* s = model.state(state);
  return s && s->kind == ModelState::Kind::pick;
}

// A step offers a choice of methods when it has choices, or when it is on a pick screen without
// choices of its own: then the choices of the previous such step apply again ("choose a second
// method, as in step 3").
std::vector<const ResolvedPart*> choice_steps(const Manual& m, const FlowModel& model) {
  std::vector<const ResolvedPart*> out;
  for (const auto& step : m.steps) {
    bool on_pick =
        std::any_of(step.screens.begin(), step.screens.end(), [&](const std::string& s) { return is_pick(model, s); });
    if (!step.choices.empty() || on_pick) out.push_back(&step);
  }
  return out;
}

const std::vector<ResolvedPart>* options_of(const std::vector<const ResolvedPart*>& steps, size_t index) {
  for (size_t i = index + 1; i-- > 0;)
    if (!steps[i]->choices.empty()) return &steps[i]->choices;
  return nullptr;
}

bool same_gate_as_earlier(const Variant& v, const ResolvedPart& choice) {
  for (const ResolvedPart* earlier : v.choices)
    for (Method a : earlier->methods)
      for (Method b : choice.methods)
        if (method_gate(a) == method_gate(b)) return true;
  return false;
}

// Every combination of the choices at the choice steps: one variant per path through the manual.
std::vector<Variant> variants_of(const std::vector<const ResolvedPart*>& steps) {
  std::vector<Variant> variants(1);
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto* options = options_of(steps, i);
    if (!options) continue;
    bool reused = steps[i]->choices.empty();
    std::vector<Variant> next;
    for (const auto& v : variants)
      for (const auto& choice : *options) {
        // Repeating an earlier step's choices: the portal no longer offers the gate used
        // before, so neither does the reader.
        if (reused && same_gate_as_earlier(v, choice)) continue;
        Variant w = v;
        w.choices.push_back(&choice);
        next.push_back(std::move(w));
      }
    variants = std::move(next);
  }
  return variants;
}

// One path being walked, and what the rules along it have counted so far.
struct Walk {
  std::vector<Node> path;                    // the screens a user walks, without error exits and side screens
  std::string name;                          // "path verify-sms → verify-email", for messages
  int verified = 0;                          // verifications completed so far
  std::vector<Method> verification_methods;  // the method chosen for each verification, in order
};

class PathWalker {
 public:
  PathWalker(const Manual& manual, const FlowModel& model, FindingSink& sink)
      : manual_(manual), model_(model), sink_(sink), policy_(manual.org->policy) {}

  void run() {
    sink_.ran("C01");
    sink_.ran("C09");
    sink_.ran("C10");
    check_methods_covered();
    no_step_repeated();
    sink_.ran("C25");
    auto steps = choice_steps(manual_, model_);
    for (const auto& v : variants_of(steps)) {
      std::vector<Node> all = build(v, steps);
      walk(all);
      actions_lead_on(all);
    }
    if (!model_.after_verification.empty()) {
      sink_.ran("C02");
      sink_.ran("C03");
      if (policy_.administrators) sink_.ran("C19");
    }
    if (manual_.flow == "change") check_change();
  }

 private:
  // The screens of one variant in order; `placed_` gets, for each part, where its screens are.
  std::vector<Node> build(const Variant& v, const std::vector<const ResolvedPart*>& steps) {
    std::vector<Node> nodes;
    placed_.clear();
    auto push = [&](const std::string& state, const ResolvedPart* part) {
      if (nodes.empty() || nodes.back().state != state) nodes.push_back({state, part, model_.state(state)});
      if (placed_[part].emplace(state, nodes.size() - 1).second)
        for (const auto& use : part->labels) named_.insert({use.screen, use.key});
    };
    size_t taken = 0;
    named_.clear();
    for (const auto& step : manual_.steps) {
      for (const auto& s : step.screens) push(s, &step);
      bool is_choice_step = std::find(steps.begin(), steps.end(), &step) != steps.end();
      if (is_choice_step && taken < v.choices.size()) {
        const ResolvedPart* choice = v.choices[taken++];
        for (const auto& s : choice->screens) push(s, choice);
      }
    }
    return nodes;
  }

  std::string describe(const std::vector<Node>& path) const {
    std::string out;
    for (const auto& n : path)
      if (n.part->kind == PartKind::choice && (out.empty() || out.find(n.part->id) == std::string::npos))
        out += (out.empty() ? "" : " → ") + n.part->id;
    return out.empty() ? "the only path" : "path " + out;
  }

  // One path, screen by screen: each rule that finds a fault ends the walk, since what follows
  // a wrong screen says nothing new.
  void walk(const std::vector<Node>& all) {
    if (!on_known_screens(all)) return;
    Walk w;
    for (const auto& n : all)
      if (n.model->on_path()) w.path.push_back(n);
    side_screens_reachable(all, w.path);
    if (w.path.empty() || !starts_where_the_flow_starts(w.path.front())) return;
    w.name = describe(w.path);
    for (size_t i = 1; i < w.path.size(); ++i) {
      if (!step_follows(w, w.path[i - 1], w.path[i])) return;
      told_how_to_go_on(w.path[i - 1], w.path[i]);
      if (w.path[i].part->kind == PartKind::choice) told_which_option(w.path[i - 1], *w.path[i].part);
    }
    check_end(w);
  }

  // C09: the reader is told how to get from one screen to the next — the prose names an action that
  // leads there — unless the screen moves on by itself or is where the reader arrives by a link.
  // Where the way on depends on an option (a button that goes where the chosen option leads), the
  // prose names both the option and the button.
  void told_how_to_go_on(const Node& from, const Node& to) {
    const ModelState& state = *from.model;
    if (state.kind == ModelState::Kind::entry) return;
    std::vector<std::string> options;
    std::vector<std::string> buttons;
    bool option_named = false;
    bool button_named = false;
    for (const auto& e : state.elements) {
      if (!e.is_action() || e.label.empty() || !leads_on(e, state, to.state)) continue;
      bool option = e.kind == ScreenElement::Kind::option;
      bool named = named_.count({from.state, e.label.key}) > 0;
      (option ? options : buttons).push_back("{{ui." + e.label.key + "}}");
      (option ? option_named : button_named) |= named;
    }
    std::vector<std::string> missing;
    if (!options.empty() && !option_named) missing.insert(missing.end(), options.begin(), options.end());
    if (!buttons.empty() && !button_named) missing.insert(missing.end(), buttons.begin(), buttons.end());
    if (missing.empty()) return;
    sink_.error("C09", from.part->structure, from.part->id,
                "no step tells the reader how to get from " + from.state + " to " + to.state + " (step `" +
                    to.part->id + "`): name " + list(missing) + " in step `" + from.part->id + "`");
  }

  // C25: every action a part's prose names ("klik op {{ui.next}}", "kies {{ui.option-sms}}") leads
  // where the path goes next: not to Cancel, not to another flow's branch, not to a screen the
  // manual does not show next. An action that stays on its screen (a choice on the page) or ends a
  // verification is fine.
  void actions_lead_on(const std::vector<Node>& all) {
    for (const auto& [part, screens] : placed_)
      for (const auto& use : part->labels) {
        auto at = screens.find(use.screen);
        if (at == screens.end()) continue;
        const ModelState* state = model_.state(use.screen);
        const ScreenElement* action = state && state->on_path() ? state->element(use.key) : nullptr;
        if (!action || !action->is_action()) continue;
        const Node* next = next_screen(all, at->second);
        if (next && !leads_to(*action, *state, next->state)) wrong_action(*part, use, *action, *state, *next);
      }
  }

  // The first screen on the reader's way after `all[index]` that is another screen.
  const Node* next_screen(const std::vector<Node>& all, size_t index) const {
    for (size_t j = index + 1; j < all.size(); ++j) {
      const ModelState* s = all[j].model;
      if (s && s->on_path() && all[j].state != all[index].state) return &all[j];
    }
    return nullptr;
  }

  bool leads_to(const ScreenElement& action, const ModelState& state, const std::string& next) const {
    std::vector<Transition> targets = targets_of(action, state, model_);
    std::erase_if(targets, [&](const Transition& t) { return !holds(t.when, policy_); });
    if (targets.empty()) return true;  // stays on the screen
    return std::any_of(targets.begin(), targets.end(), [&](const Transition& t) {
      return t.to == next || t.to == state.id || (t.to == kVerified && state.completes_verification);
    });
  }

  // Whether `action` takes the reader from `state` on to `next` (not only leaves them where they are).
  bool leads_on(const ScreenElement& action, const ModelState& state, const std::string& next) {
    auto [it, fresh] = targets_.try_emplace(&action);
    if (fresh) it->second = targets_of(action, state, model_);
    const std::vector<Transition>& targets = it->second;
    return std::any_of(targets.begin(), targets.end(), [&](const Transition& t) {
      return holds(t.when, policy_) &&
             (t.to == next || (t.to == kVerified && state.completes_verification && next != state.id));
    });
  }

  // C09: a choice made on a pick screen names the option to choose there ("kies {{ui.option-sms}}"),
  // not only the button after it.
  void told_which_option(const Node& pick, const ResolvedPart& choice) {
    const ModelState& state = *pick.model;
    if (state.kind != ModelState::Kind::pick || choice.methods.empty()) return;
    std::vector<std::string> options;
    for (const auto& e : state.elements) {
      bool for_choice = std::any_of(e.methods.begin(), e.methods.end(), [&](Method m) {
        return std::find(choice.methods.begin(), choice.methods.end(), m) != choice.methods.end();
      });
      if (e.kind != ScreenElement::Kind::option || e.label.empty() || !for_choice) continue;
      if (named_.count({pick.state, e.label.key})) return;
      options.push_back("{{ui." + e.label.key + "}}");
    }
    if (!options.empty())
      sink_.error("C09", choice.structure, choice.id,
                  "choice `" + choice.id + "` does not name the option to choose on " + pick.state + " (" +
                      list(options) + ")");
  }

  void wrong_action(const ResolvedPart& part, const LabelUse& use, const ScreenElement& action, const ModelState& state,
                    const Node& next) {
    std::vector<std::string> where;
    for (const auto& t : targets_of(action, state, model_))
      if (holds(t.when, policy_)) where.push_back(t.to);
    sink_.error("C25", placeholder_line(part, use.key), part.id,
                "{{ui." + use.key + "}} (\"" + use.text + "\") on " + state.id + " leads to " + list(where) +
                    ", but after `" + part.id + "` the reader goes on to " + next.state + " (step `" + next.part->id +
                    "`): name the action that leads there");
  }

  // C09: every screen a step is on is a screen of the flow's model.
  bool on_known_screens(const std::vector<Node>& all) {
    for (const auto& n : all)
      if (!n.model) {
        sink_.error("C09", n.part->structure, n.part->id,
                    "step `" + n.part->id + "` is on screen " + n.state + ", which the model of the " + manual_.flow +
                        " flow does not have (" + model_.file + ")");
        return false;
      }
    return true;
  }

  // C10: error exits and the phone beside the browser are not steps on the path; they must be
  // reachable from a screen the path has visited.
  void side_screens_reachable(const std::vector<Node>& all, const std::vector<Node>& path) {
    for (const auto& n : all) {
      const ModelState* s = n.model;
      if (s->on_path()) continue;
      bool reachable = std::any_of(path.begin(), path.end(), [&](const Node& visited) {
        const ModelState* from = visited.model;
        const auto& targets = s->kind == ModelState::Kind::error ? from->errors : from->side;
        return std::find(targets.begin(), targets.end(), n.state) != targets.end();
      });
      if (!reachable)
        sink_.error("C10", n.part->structure, n.part->id,
                    "step `" + n.part->id + "` mentions " + n.state + ", which no screen of this path leads to");
    }
  }

  // C09: the manual starts where the flow does.
  bool starts_where_the_flow_starts(const Node& first) {
    if (std::find(model_.start.begin(), model_.start.end(), first.state) != model_.start.end()) return true;
    sink_.error("C09", first.part->structure, first.part->id,
                "the manual starts at " + first.state + " (step `" + first.part->id + "`), but the flow starts at " +
                    list(model_.start));
    return false;
  }

  // Whether the path may go on from `from` to `to`; where not, a finding says why.
  bool step_follows(Walk& w, const Node& from, const Node& to) {
    if (from.model->completes_verification) return next_after_verification(w, from, to);
    const Transition* taken = transition_to(from, to, w.name);
    return taken && (taken->methods.empty() || method_choice_allowed(w, *taken, to));
  }

  // C02 and C09: after a verification comes a second one while the organisation requires more,
  // then the model's screen after verification (C19 counts the verifications there).
  bool next_after_verification(Walk& w, const Node& from, const Node& to) {
    ++w.verified;
    bool more = w.verified < policy_.methods_required;
    std::string expected = more ? "RST.Vk.PICK" : model_.after_verification;
    if (to.state == model_.after_verification) administrators_verify_twice(w.verified, *from.part, w.name);
    if (to.state == expected) return true;
    if (more)
      sink_.error("C02", from.part->structure, from.part->id,
                  "after verification step " + std::to_string(w.verified) + " the manual goes on to step `" +
                      to.part->id + "` (" + to.state + "), but the organisation requires " +
                      std::to_string(policy_.methods_required) +
                      " methods: expected a second verification step with a different method (" + w.name + ")");
    else
      sink_.error("C09", to.part->structure, to.part->id,
                  "after the last verification the model goes to " + expected + ", but step `" + to.part->id +
                      "` shows " + to.state + " (" + w.name + ")");
    return false;
  }

  // C09: the model's transition from `from` to `to` under the organisation's policy, or null.
  const Transition* transition_to(const Node& from, const Node& to, const std::string& name) {
    std::vector<std::string> allowed;
    const Transition* taken = nullptr;
    for (const auto& t : from.model->next) {
      if (!holds(t.when, policy_)) continue;
      allowed.push_back(t.to);
      if (t.to == to.state) taken = &t;
    }
    if (!taken)
      sink_.error("C09", to.part->structure, to.part->id,
                  "step `" + to.part->id + "` shows " + to.state + " right after " + from.state + " (step `" +
                      from.part->id + "`), but from there the model goes to " + list(allowed) + " (" + name + ")");
    return taken;
  }

  // Choosing a method on a pick screen: the choice must be for that method, enabled, and (for a
  // second verification) not the same gate as the first.
  bool method_choice_allowed(Walk& w, const Transition& taken, const Node& to) {
    const ResolvedPart& choice = *to.part;
    if (!choice_matches_screen(choice, taken, to.state)) return false;
    Method m = choice.methods.empty() ? taken.methods.front() : choice.methods.front();
    administrators_avoid_questions(choice, m, to.state);
    if (!method_enabled(choice, taken, to.state, m)) return false;
    return model_.after_verification.empty() || gate_not_used_before(w, choice, m);
  }

  // C09: a choice for one method does not show the screen of another.
  bool choice_matches_screen(const ResolvedPart& choice, const Transition& taken, const std::string& screen) {
    bool matches = choice.methods.empty() || std::any_of(choice.methods.begin(), choice.methods.end(), [&](Method m) {
                     return std::find(taken.methods.begin(), taken.methods.end(), m) != taken.methods.end();
                   });
    if (!matches)
      sink_.error("C09", choice.structure, choice.id,
                  "choice `" + choice.id + "` is for " + method_names(choice.methods) + " but shows " + screen +
                      ", the screen for " + method_names(taken.methods));
    return matches;
  }

  // C19: administrators cannot use security questions.
  void administrators_avoid_questions(const ResolvedPart& choice, Method m, const std::string& screen) {
    if (policy_.administrators && m == Method::questions)
      sink_.error("C19", choice.structure, choice.id,
                  "`" + choice.id + "` leads to " + screen +
                      " (security questions) in a manual for administrators, who cannot use them");
  }

  // C01: the path goes only through methods the organisation enables.
  bool method_enabled(const ResolvedPart& choice, const Transition& taken, const std::string& screen, Method m) {
    if (policy_.enabled(m) ||
        std::any_of(taken.methods.begin(), taken.methods.end(), [&](Method t) { return policy_.enabled(t); }))
      return true;
    sink_.error("C01", choice.structure, choice.id,
                "`" + choice.id + "` leads to " + screen + " (" + method_names(taken.methods) +
                    "), which the organisation does not enable (enabled: " + method_names(policy_.methods) + ")");
    return false;
  }

  // C03: each verification uses another gate (SMS and call share the phone, notification and
  // code the app).
  bool gate_not_used_before(Walk& w, const ResolvedPart& choice, Method m) {
    const auto& used = w.verification_methods;
    auto previous = std::find_if(used.begin(), used.end(), [&](Method u) { return method_gate(u) == method_gate(m); });
    if (previous == used.end()) {
      w.verification_methods.push_back(m);
      return true;
    }
    const std::string first(method_id(*previous));
    std::string why =
        first == method_id(m) ? "the same method" : "same " + std::string(method_gate(m) == 1 ? "phone" : "app");
    sink_.error("C03", choice.structure, choice.id,
                "verification step " + std::to_string(used.size() + 1) + " describes `" + std::string(method_id(m)) +
                    "` but the first verification step already used `" + first + "` (" + why +
                    "); expected a different method");
    return false;
  }

  // C10 and C02: the path ends at an end state, after as many verifications as the organisation
  // requires (C19: two for administrators).
  void check_end(const Walk& w) {
    const Node& last = w.path.back();
    const ModelState* end = last.model;
    if (end->completes_verification) return ends_after_verification(w, last);
    if (end->kind != ModelState::Kind::end) return ends_outside_an_end_state(last);
    if (model_.after_verification.empty()) return;
    administrators_verify_twice(w.verified, *last.part, w.name);
    verifications_as_required(w, last);
  }

  void ends_after_verification(const Walk& w, const Node& last) {
    int verified = w.verified + 1;
    bool more = verified < policy_.methods_required;
    std::string expected = more ? "a second verification" : model_.after_verification;
    sink_.error(more ? "C02" : "C10", last.part->structure, last.part->id,
                "the manual ends after step `" + last.part->id + "` (" + last.state + "); expected " + expected + " (" +
                    w.name + ")");
  }

  void ends_outside_an_end_state(const Node& last) {
    std::vector<std::string> ends;
    for (const auto& [id, s] : model_.states)
      if (s.kind == ModelState::Kind::end) ends.push_back(id);
    sink_.error("C10", last.part->structure, last.part->id,
                "the manual ends at " + last.state + " (step `" + last.part->id + "`), not at an end state (" +
                    list(ends) + ")");
  }

  void verifications_as_required(const Walk& w, const Node& last) {
    if (w.verified == policy_.methods_required) return;
    sink_.error("C02", last.part->structure, last.part->id,
                "the manual describes " + count_of(w.verified, "verification step") +
                    " but the organisation requires " + std::to_string(policy_.methods_required) + " (" + w.name + ")");
  }

  // C19: administrators verify twice whatever the organisation's policy says (checked on its own,
  // so a manual for administrators that follows a one-method policy is named as such).
  void administrators_verify_twice(int verified, const ResolvedPart& part, const std::string& name) {
    if (!policy_.administrators || verified == 2) return;
    sink_.error("C19", part.structure, part.id,
                "a manual for administrators describes " + count_of(verified, "verification step") +
                    "; Microsoft's policy for administrator roles asks for two (" + name + ")");
  }

  // C01 (and C14's count for registration): the methods the manual explains are exactly the
  // enabled ones.
  void check_methods_covered() {
    bool any_choices = std::any_of(manual_.steps.begin(), manual_.steps.end(),
                                   [](const ResolvedPart& s) { return !s.choices.empty(); });
    if (!any_choices) methods_explained_somewhere();
    for (const auto& step : manual_.steps) {
      if (step.choices.empty()) continue;
      choices_enabled(step);
      enabled_methods_explained(step);
      if (manual_.flow == "register") registration_gives_required(step);
    }
  }

  // C01: a flow whose screens offer a choice of methods has a step that explains them.
  void methods_explained_somewhere() {
    for (const auto& [id, state] : model_.states)
      if (state.kind == ModelState::Kind::pick && state.on_path()) {
        const ResolvedPart& first = manual_.steps.front();
        sink_.error("C01", first.structure, first.id,
                    "no step of the " + manual_.flow + " manual explains the methods that " + id +
                        " offers (a step with a choice per method)");
        return;
      }
  }

  // C09: two steps in a row on the same screens that name the same things say one thing twice. Two
  // verification steps in a row are not: the second asks for another method (C03 checks which).
  void no_step_repeated() {
    for (size_t i = 1; i < manual_.steps.size(); ++i) {
      const ResolvedPart& a = manual_.steps[i - 1];
      const ResolvedPart& b = manual_.steps[i];
      if (a.screens.empty() || a.screens != b.screens) continue;
      if (model_.starts_verification(b.screens)) continue;
      auto keys = [](const ResolvedPart& p) {
        std::set<std::pair<std::string, std::string>> out;
        for (const auto& l : p.labels) out.insert({l.screen, l.key});
        return out;
      };
      if (keys(a) == keys(b))
        sink_.error("C09", b.structure, b.id,
                    "step `" + b.id + "` repeats step `" + a.id + "`: the same screens and the same actions");
    }
  }

  // C01: no choice explains only methods the organisation does not enable.
  void choices_enabled(const ResolvedPart& step) {
    for (const auto& c : step.choices) {
      bool any_enabled = c.methods.empty() ||
                         std::any_of(c.methods.begin(), c.methods.end(), [&](Method m) { return policy_.enabled(m); });
      if (!any_enabled)
        sink_.error("C01", c.structure, c.id,
                    "choice `" + c.id + "` explains " + method_names(c.methods) +
                        ", which the organisation does not enable (enabled: " + method_names(policy_.methods) + ")");
    }
  }

  // C01: every enabled method has a choice that explains it.
  void enabled_methods_explained(const ResolvedPart& step) {
    std::vector<Method> covered;
    for (const auto& c : step.choices) covered.insert(covered.end(), c.methods.begin(), c.methods.end());
    for (Method m : policy_.methods)
      if (std::find(covered.begin(), covered.end(), m) == covered.end())
        sink_.error("C01", step.structure, step.id,
                    "the organisation enables `" + std::string(method_id(m)) + "` but step `" + step.id +
                        "` has no instructions for it");
  }

  // C14: registration offers as many independent enabled methods as a reset requires.
  void registration_gives_required(const ResolvedPart& step) {
    sink_.ran("C14");
    std::vector<Method> offered;
    for (const auto& c : step.choices)
      for (Method m : c.methods)
        if (policy_.enabled(m)) offered.push_back(m);
    if (count_gates(offered) < policy_.methods_required)
      sink_.error("C14", step.structure, step.id,
                  "registration explains " + std::to_string(count_gates(offered)) +
                      " independent method(s) but the organisation requires " +
                      std::to_string(policy_.methods_required) + " at reset");
  }

  // C21: a change needs the current password.
  void check_change() {
    sink_.ran("C21");
    for (const auto& step : manual_.steps)
      for (const auto& l : step.labels)
        if (l.screen == "CHG.FORM" && l.key == "old-password") return;
    const ResolvedPart& first = manual_.steps.front();
    sink_.error("C21", first.structure, first.id,
                "the change manual never asks for the current password (label old-password on CHG.FORM)");
  }

  const Manual& manual_;
  const FlowModel& model_;
  FindingSink& sink_;
  const Policy& policy_;
  std::map<const ResolvedPart*, std::map<std::string, size_t>> placed_;  // part → its screens' nodes
  std::map<const ScreenElement*, std::vector<Transition>> targets_;      // where each action leads
  std::set<std::pair<std::string, std::string>> named_;                  // (screen, key) the path's prose names
};

}  // namespace

void check_paths(const Manual& manual, const FlowModel& model, FindingSink& sink) {
  PathWalker(manual, model, sink).run();
}

}  // namespace manualgen
