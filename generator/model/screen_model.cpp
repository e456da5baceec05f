#include "generator/model/screen_model.h"

#include <filesystem>

#include "generator/core/json_file.h"

namespace manualgen {

namespace fs = std::filesystem;

const ModelState* FlowModel::state(const std::string& id) const {
  auto it = states.find(id);
  return it == states.end() ? nullptr : &it->second;
}

namespace {

bool parse_kind(const std::string& s, ModelState::Kind& kind) {
  static const std::map<std::string, ModelState::Kind> kinds = {
      {"screen", ModelState::Kind::screen}, {"entry", ModelState::Kind::entry}, {"pick", ModelState::Kind::pick},
      {"end", ModelState::Kind::end},       {"error", ModelState::Kind::error}, {"device", ModelState::Kind::device}};
  auto it = kinds.find(s);
  if (it == kinds.end()) return false;
  kind = it->second;
  return true;
}

void read_states(JsonObject& root, FlowModel& model) {
  auto states = root.object("states", Need::required);
  if (!states) return;
  for (const auto& item : root.member("states")->items()) {
    auto o = states->object(item.key(), Need::required);
    if (!o) continue;
    o->reject_unknown({"kind", "labels", "next", "errors", "side", "completes_verification"});
    ModelState st;
    st.id = item.key();
    st.where = o->location();
    if (auto k = o->string("kind", Need::optional); k && !parse_kind(*k, st.kind))
      root.diags().error(o->at("kind"), "unknown state kind \"" + *k + "\"",
                         "use screen, entry, pick, end, error or device");
    st.labels = o->strings("labels", Need::optional).value_or(std::vector<std::string>{});
    st.errors = o->strings("errors", Need::optional).value_or(std::vector<std::string>{});
    st.side = o->strings("side", Need::optional).value_or(std::vector<std::string>{});
    st.completes_verification = o->boolean("completes_verification", Need::optional).value_or(false);
    if (const auto* next = o->member("next")) {
      for (size_t i = 0; i < next->size(); ++i) {
        JsonObject t((*next)[i], o->pointer("next") + "/" + std::to_string(i), root.map(), root.diags());
        if (!t.ok()) continue;
        t.reject_unknown({"to", "when", "method"});
        Transition tr;
        tr.to = t.string("to", Need::required).value_or("");
        for (const auto& w : t.strings("when", Need::optional).value_or(std::vector<std::string>{})) {
          std::string error;
          if (auto term = parse_term(w, error))
            tr.when.push_back(*term);
          else
            root.diags().error(t.at("when"), error);
        }
        if (auto m = t.string("method", Need::optional)) {
          std::string error;
          if (auto term = parse_term("method:" + *m, error))
            tr.methods = term->methods;
          else
            root.diags().error(t.at("method"), error);
        }
        st.next.push_back(std::move(tr));
      }
    }
    model.states[st.id] = std::move(st);
  }
}

}  // namespace

std::optional<FlowModel> load_flow_model(const std::string& dir, const std::string& display_dir,
                                         const std::string& flow, Diagnostics& diags) {
  std::string shown = display_dir + "/" + flow + ".json";
  auto file = read_json_file(dir + "/" + flow + ".json", shown, diags);
  if (!file) return std::nullopt;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return std::nullopt;
  root.reject_unknown({"flow", "description", "include", "start", "after_verification", "urls", "states"});
  FlowModel model;
  model.flow = flow;
  model.file = shown;
  model.start = root.strings("start", Need::required).value_or(std::vector<std::string>{});
  model.after_verification = root.string("after_verification", Need::optional).value_or("");
  model.urls = root.strings("urls", Need::optional).value_or(std::vector<std::string>{});
  read_states(root, model);
  for (const auto& include : root.strings("include", Need::optional).value_or(std::vector<std::string>{})) {
    std::string inc_shown = display_dir + "/" + include + ".json";
    auto inc = read_json_file(dir + "/" + include + ".json", inc_shown, diags);
    if (!inc) continue;
    JsonObject inc_root(inc->value, "", inc->map, diags);
    inc_root.reject_unknown({"description", "states"});
    FlowModel part;
    read_states(inc_root, part);
    for (auto& [id, st] : part.states) model.states.emplace(id, std::move(st));
  }
  // Every state named anywhere must exist.
  auto known = [&](const std::string& id, const Location& where, const std::string& what) {
    if (!model.states.count(id)) diags.error(where, what + " names unknown state \"" + id + "\"");
  };
  for (const auto& s : model.start) known(s, root.at("start"), "start");
  if (!model.after_verification.empty())
    known(model.after_verification, root.at("after_verification"), "after_verification");
  for (const auto& [id, st] : model.states) {
    for (const auto& t : st.next) known(t.to, st.where, "a transition of " + id);
    for (const auto& e : st.errors) known(e, st.where, "the errors of " + id);
    for (const auto& s : st.side) known(s, st.where, "the side screens of " + id);
  }
  return model;
}

}  // namespace manualgen
