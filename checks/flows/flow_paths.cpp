// Path rules: the manual as a set of paths through the model, one per choice of methods.

#include <algorithm>

#include "checks/flows/flow_checker.h"
#include "generator/load/site_config.h"

namespace manualgen {

namespace {

struct Node {
  std::string state;
  const ResolvedPart* part;
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

class PathWalker {
 public:
  PathWalker(const FlowCheckContext& ctx, const Manual& manual, const FlowModel& model, FindingSink& sink)
      : manual_(manual), model_(model), sink_(sink), policy_(manual.org->policy) {
    (void)ctx;
  }

  void run() {
    sink_.ran("C01");
    sink_.ran("C09");
    sink_.ran("C10");
    check_methods_covered();
    auto steps = choice_steps(manual_, model_);
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
    for (const auto& v : variants) walk(build(v, steps));
    if (!model_.after_verification.empty()) {
      sink_.ran("C02");
      sink_.ran("C03");
      if (policy_.administrators) sink_.ran("C19");
    }
    if (manual_.flow == "change") check_change();
  }

 private:
  static bool same_gate_as_earlier(const Variant& v, const ResolvedPart& choice) {
    for (const ResolvedPart* earlier : v.choices)
      for (Method a : earlier->methods)
        for (Method b : choice.methods)
          if (method_gate(a) == method_gate(b)) return true;
    return false;
  }

  std::vector<Node> build(const Variant& v, const std::vector<const ResolvedPart*>& steps) {
    std::vector<Node> nodes;
    auto push = [&](const std::string& state, const ResolvedPart* part) {
      if (!nodes.empty() && nodes.back().state == state) return;
      nodes.push_back({state, part});
    };
    size_t taken = 0;
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

  void walk(const std::vector<Node>& all) {
    // Error exits and the phone beside the browser are not steps on the path; check they are
    // reachable from a screen the path has visited.
    std::vector<Node> path;
    std::vector<std::string> visited;
    for (const auto& n : all) {
      const ModelState* s = model_.state(n.state);
      if (!s) {
        sink_.error("C09", n.part->structure, n.part->id,
                    "step `" + n.part->id + "` is on screen " + n.state + ", which the model of the " + manual_.flow +
                        " flow does not have (" + model_.file + ")");
        return;
      }
      if (s->on_path()) {
        path.push_back(n);
        visited.push_back(n.state);
      }
    }
    for (const auto& n : all) {
      const ModelState* s = model_.state(n.state);
      if (s->on_path()) continue;
      bool reachable = false;
      for (const auto& v : visited) {
        const ModelState* from = model_.state(v);
        const auto& targets = s->kind == ModelState::Kind::error ? from->errors : from->side;
        reachable = reachable || std::find(targets.begin(), targets.end(), n.state) != targets.end();
      }
      if (!reachable)
        sink_.error("C10", n.part->structure, n.part->id,
                    "step `" + n.part->id + "` mentions " + n.state + ", which no screen of this path leads to");
    }
    if (path.empty()) return;

    const std::string name = describe(path);
    if (std::find(model_.start.begin(), model_.start.end(), path.front().state) == model_.start.end()) {
      sink_.error("C09", path.front().part->structure, path.front().part->id,
                  "the manual starts at " + path.front().state + " (step `" + path.front().part->id +
                      "`), but the flow starts at " + list(model_.start));
      return;
    }
    int verified = 0;
    std::vector<int> gates;
    std::vector<std::string> gate_methods;
    for (size_t i = 1; i < path.size(); ++i) {
      const Node& from = path[i - 1];
      const Node& to = path[i];
      const ModelState* f = model_.state(from.state);
      std::vector<std::string> allowed;
      const Transition* taken = nullptr;
      if (f->completes_verification) {
        ++verified;
        allowed.push_back(verified < policy_.methods_required ? "RST.Vk.PICK" : model_.after_verification);
        if (to.state == model_.after_verification) administrators_verify_twice(verified, *from.part, name);
        if (to.state != allowed.back()) {
          if (verified < policy_.methods_required)
            sink_.error("C02", from.part->structure, from.part->id,
                        "after verification step " + std::to_string(verified) + " the manual goes on to step `" +
                            to.part->id + "` (" + to.state + "), but the organisation requires " +
                            std::to_string(policy_.methods_required) +
                            " methods: expected a second verification step with a different method (" + name + ")");
          else
            sink_.error("C09", to.part->structure, to.part->id,
                        "after the last verification the model goes to " + allowed.back() + ", but step `" +
                            to.part->id + "` shows " + to.state + " (" + name + ")");
          return;
        }
        continue;
      }
      for (const auto& t : f->next) {
        if (!holds(t.when, policy_)) continue;
        allowed.push_back(t.to);
        if (t.to == to.state) taken = &t;
      }
      if (!taken) {
        sink_.error("C09", to.part->structure, to.part->id,
                    "step `" + to.part->id + "` shows " + to.state + " right after " + from.state + " (step `" +
                        from.part->id + "`), but from there the model goes to " + list(allowed) + " (" + name + ")");
        return;
      }
      if (!taken->methods.empty()) {
        // Choosing a method on a pick screen: the choice must be for that method, enabled, and
        // (for a second verification) not the same gate as the first.
        const ResolvedPart* choice = to.part;
        bool matches =
            choice->methods.empty() || std::any_of(choice->methods.begin(), choice->methods.end(), [&](Method m) {
              return std::find(taken->methods.begin(), taken->methods.end(), m) != taken->methods.end();
            });
        if (!matches) {
          sink_.error("C09", choice->structure, choice->id,
                      "choice `" + choice->id + "` is for " + method_names(choice->methods) + " but shows " + to.state +
                          ", the screen for " + method_names(taken->methods));
          return;
        }
        Method m = choice->methods.empty() ? taken->methods.front() : choice->methods.front();
        if (policy_.administrators && m == Method::questions)
          sink_.error("C19", choice->structure, choice->id,
                      "`" + choice->id + "` leads to " + to.state +
                          " (security questions) in a manual for administrators, who cannot use them");
        if (!policy_.enabled(m) &&
            std::none_of(taken->methods.begin(), taken->methods.end(), [&](Method t) { return policy_.enabled(t); })) {
          sink_.error("C01", choice->structure, choice->id,
                      "`" + choice->id + "` leads to " + to.state + " (" + method_names(taken->methods) +
                          "), which the organisation does not enable (enabled: " + method_names(policy_.methods) + ")");
          return;
        }
        if (!model_.after_verification.empty()) {
          int gate = method_gate(m);
          auto previous = std::find(gates.begin(), gates.end(), gate);
          if (previous != gates.end()) {
            const std::string& first = gate_methods[static_cast<size_t>(previous - gates.begin())];
            std::string why =
                first == method_id(m) ? "the same method" : "same " + std::string(gate == 1 ? "phone" : "app");
            sink_.error("C03", choice->structure, choice->id,
                        "verification step " + std::to_string(gates.size() + 1) + " describes `" +
                            std::string(method_id(m)) + "` but the first verification step already used `" + first +
                            "` (" + why + "); expected a different method");
            return;
          }
          gates.push_back(gate);
          gate_methods.emplace_back(method_id(m));
        }
      }
    }
    const Node& last = path.back();
    const ModelState* end = model_.state(last.state);
    if (end->completes_verification) {
      ++verified;
      std::string expected = verified < policy_.methods_required ? "a second verification" : model_.after_verification;
      sink_.error(verified < policy_.methods_required ? "C02" : "C10", last.part->structure, last.part->id,
                  "the manual ends after step `" + last.part->id + "` (" + last.state + "); expected " + expected +
                      " (" + name + ")");
      return;
    }
    if (end->kind != ModelState::Kind::end) {
      std::vector<std::string> ends;
      for (const auto& [id, s] : model_.states)
        if (s.kind == ModelState::Kind::end) ends.push_back(id);
      sink_.error("C10", last.part->structure, last.part->id,
                  "the manual ends at " + last.state + " (step `" + last.part->id + "`), not at an end state (" +
                      list(ends) + ")");
      return;
    }
    if (!model_.after_verification.empty()) administrators_verify_twice(verified, *last.part, name);
    if (!model_.after_verification.empty() && verified != policy_.methods_required)
      sink_.error("C02", last.part->structure, last.part->id,
                  "the manual describes " + std::to_string(verified) + " verification step" +
                      (verified == 1 ? "" : "s") + " but the organisation requires " +
                      std::to_string(policy_.methods_required) + " (" + name + ")");
  }

  // C19: administrators verify twice whatever the organisation's policy says (checked on its own,
  // so a manual for administrators that follows a one-method policy is named as such).
  void administrators_verify_twice(int verified, const ResolvedPart& part, const std::string& name) {
    if (!policy_.administrators || verified == 2) return;
    sink_.error("C19", part.structure, part.id,
                "a manual for administrators describes " + std::to_string(verified) + " verification step" +
                    (verified == 1 ? "" : "s") + "; Microsoft's policy for administrator roles asks for two (" + name +
                    ")");
  }

  // C01 (and C14's count for registration): the methods the manual explains are exactly the
  // enabled ones.
  void check_methods_covered() {
    for (const auto& step : manual_.steps) {
      if (step.choices.empty()) continue;
      std::vector<Method> covered;
      for (const auto& c : step.choices) {
        bool any_enabled = c.methods.empty();
        for (Method m : c.methods) {
          covered.push_back(m);
          any_enabled = any_enabled || policy_.enabled(m);
        }
        if (!any_enabled)
          sink_.error("C01", c.structure, c.id,
                      "choice `" + c.id + "` explains " + method_names(c.methods) +
                          ", which the organisation does not enable (enabled: " + method_names(policy_.methods) + ")");
      }
      for (Method m : policy_.methods)
        if (std::find(covered.begin(), covered.end(), m) == covered.end())
          sink_.error("C01", step.structure, step.id,
                      "the organisation enables `" + std::string(method_id(m)) + "` but step `" + step.id +
                          "` has no instructions for it");
      if (manual_.flow == "register") {
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
    }
  }

  // C21: a change needs the current password.
  void check_change() {
    sink_.ran("C21");
    for (const auto& step : manual_.steps)
      for (const auto& l : step.labels)
        if (l.screen == "CHG.FORM" && l.key == "old-password") return;
    const ResolvedPart& first = manual_.steps.front();
    sink_.warning("C21", first.structure, first.id,
                  "the change manual never asks for the current password (label old-password on CHG.FORM)");
  }

  const Manual& manual_;
  const FlowModel& model_;
  FindingSink& sink_;
  const Policy& policy_;
};

}  // namespace

void check_paths(const FlowCheckContext& ctx, const Manual& manual, const FlowModel& model, FindingSink& sink) {
  PathWalker(ctx, manual, model, sink).run();
}

}  // namespace manualgen
