#include "generator/model/screen_model.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "generator/core/json_file.h"
#include "generator/core/project_lookup.h"
#include "generator/core/text.h"

namespace manualgen {

namespace {

template <typename Kind>
bool parse_enum(const std::map<std::string, Kind>& names, const std::string& s, Kind& out) {
  auto it = names.find(s);
  if (it == names.end()) return false;
  out = it->second;
  return true;
}

std::vector<std::string> names_of(const auto& names) {
  std::vector<std::string> out;
  for (const auto& [name, _] : names) out.push_back(name);
  return out;
}

const std::map<std::string, ModelState::Kind>& state_kinds() {
  static const std::map<std::string, ModelState::Kind> kinds = {
      {"screen", ModelState::Kind::screen}, {"entry", ModelState::Kind::entry}, {"pick", ModelState::Kind::pick},
      {"end", ModelState::Kind::end},       {"error", ModelState::Kind::error}, {"device", ModelState::Kind::device},
      {"exit", ModelState::Kind::exit}};
  return kinds;
}

const std::map<std::string, ScreenElement::Kind>& element_kinds() {
  using K = ScreenElement::Kind;
  static const std::map<std::string, K> kinds = {
      {"title", K::title},       {"heading", K::heading}, {"text", K::text},       {"message", K::message},
      {"progress", K::progress}, {"field", K::field},     {"captcha", K::captcha}, {"answers", K::answers},
      {"display", K::display},   {"option", K::option},   {"button", K::button},   {"link", K::link}};
  return kinds;
}

// What a field or display may show; the generator fills each in for the organisation.
const std::vector<std::string>& field_values() {
  static const std::vector<std::string> values = {
      "login-example", "phone", "code", "number", "password", "private-email", "questions-reset", "questions-register"};
  return values;
}

const std::vector<std::string>& provenance_tags() {
  static const std::vector<std::string> tags = {"seen", "mt", "3p", "inferred"};
  return tags;
}

std::vector<Term> read_terms(JsonObject& o, const std::string& key) {
  std::vector<Term> terms;
  for (const auto& w : o.strings(key, Need::optional).value_or(std::vector<std::string>{})) {
    std::string error;
    if (auto term = parse_term(w, error))
      terms.push_back(*term);
    else
      o.diags().error(o.at(key), error);
  }
  return terms;
}

std::vector<Method> read_methods(JsonObject& o, const std::string& key) {
  auto text = o.string(key, Need::optional);
  if (!text) return {};
  std::string error;
  if (auto term = parse_term("method:" + *text, error)) return term->methods;
  o.diags().error(o.at(key), error);
  return {};
}

std::string read_tag(JsonObject& o) {
  std::string tag = o.string("tag", Need::optional).value_or("seen");
  if (std::find(provenance_tags().begin(), provenance_tags().end(), tag) == provenance_tags().end())
    o.diags().error(o.at("tag"), "unknown provenance tag \"" + tag + "\"",
                    "use " + join_quoted(provenance_tags()) + ", as in locales/*/ui.json");
  return tag;
}

// "to": "STATE", or [{"to": "STATE", "when": [...]}, …].
std::vector<Transition> read_targets(JsonObject& o) {
  const auto* to = o.member("to");
  if (!to) return {};
  if (to->is_string()) return {Transition{to->get<std::string>(), {}, {}}};
  if (!to->is_array()) {
    o.diags().error(o.at("to"), "\"to\" must be a state id or a list of {\"to\", \"when\"}",
                    "e.g. \"to\": \"RST.WHY\" or \"to\": [{\"to\": \"RST.WHY\", \"when\": [\"unlock\"]}]");
    return {};
  }
  std::vector<Transition> out;
  for (size_t i = 0; i < to->size(); ++i) {
    JsonObject t((*to)[i], o.pointer("to") + "/" + std::to_string(i), o.map(), o.diags());
    if (!t.ok()) continue;
    t.reject_unknown({"to", "when"});
    out.push_back({t.string("to", Need::required).value_or(""), read_terms(t, "when"), {}});
  }
  return out;
}

// "SCREEN:key" names a label of another screen; "key" one of `screen`'s own.
LabelRef label_ref(const std::string& text, const std::string& screen) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return {screen, text};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

ScreenElement read_element(JsonObject& e, const std::string& screen) {
  e.reject_unknown({"kind", "label", "value", "to", "method", "flow", "step", "primary", "tag"});
  ScreenElement el;
  el.where = e.location();
  std::string kind = e.string("kind", Need::required).value_or("text");
  if (!parse_enum(element_kinds(), kind, el.kind))
    e.diags().error(e.at("kind"), "unknown element kind \"" + kind + "\"",
                    "use " + join_quoted(names_of(element_kinds())));
  if (auto label = e.string("label", Need::optional)) el.label = label_ref(*label, screen);
  el.value = e.string("value", Need::optional).value_or("");
  if (!el.value.empty() && std::find(field_values().begin(), field_values().end(), el.value) == field_values().end())
    e.diags().error(e.at("value"), "unknown field value \"" + el.value + "\"", "use " + join_quoted(field_values()));
  el.to = read_targets(e);
  el.methods = read_methods(e, "method");
  el.flow = e.string("flow", Need::optional).value_or("");
  el.step = e.integer("step", Need::optional, 1, 2).value_or(0);
  el.primary = e.boolean("primary", Need::optional).value_or(false);
  el.tag = read_tag(e);
  if (!el.to.empty() && !el.is_action())
    e.diags().error(e.at("to"), "only options, buttons and links lead somewhere",
                    "move \"to\" to the action that causes the transition");
  return el;
}

ModelState read_state(JsonObject& o, const std::string& id) {
  o.reject_unknown(
      {"kind", "description", "elements", "next", "errors", "side", "within", "method", "host", "progress", "tag"});
  ModelState st;
  st.id = id;
  st.where = o.location();
  if (auto k = o.string("kind", Need::optional); k && !parse_enum(state_kinds(), *k, st.kind))
    o.diags().error(o.at("kind"), "unknown state kind \"" + *k + "\"", "use " + join_quoted(names_of(state_kinds())));
  if (const auto* elements = o.member("elements"); elements && elements->is_array()) {
    for (size_t i = 0; i < elements->size(); ++i) {
      JsonObject e((*elements)[i], o.pointer("elements") + "/" + std::to_string(i), o.map(), o.diags());
      if (e.ok()) st.elements.push_back(read_element(e, id));
    }
  } else if (elements) {
    o.diags().error(o.at("elements"), "\"elements\" must be a list", "e.g. \"elements\": [{\"kind\": \"title\"}]");
  }
  for (const auto& to : o.strings("next", Need::optional).value_or(std::vector<std::string>{}))
    st.next.push_back({to, {}, {}});
  st.errors = o.strings("errors", Need::optional).value_or(std::vector<std::string>{});
  st.side = o.strings("side", Need::optional).value_or(std::vector<std::string>{});
  st.within = o.string("within", Need::optional).value_or("");
  st.method = read_methods(o, "method");
  st.host = o.string("host", Need::optional).value_or("");
  static const std::map<std::string, ModelState::Progress> progress = {
      {"verification", ModelState::Progress::verification}, {"last", ModelState::Progress::last}};
  if (auto p = o.string("progress", Need::optional); p && !parse_enum(progress, *p, st.progress))
    o.diags().error(o.at("progress"), "unknown progress \"" + *p + "\"",
                    "use \"verification\" (the current part is the verification step) or \"last\"");
  st.tag = read_tag(o);
  return st;
}

// Reads the states of one file; the file's "host" is the default of its states.
void read_states(JsonObject& root, std::map<std::string, ModelState>& states) {
  std::string host = root.string("host", Need::optional).value_or("");
  auto object = root.object("states", Need::required);
  if (!object) return;
  for (const auto& item : root.member("states")->items()) {
    auto o = object->object(item.key(), Need::required);
    if (!o) continue;
    ModelState st = read_state(*o, item.key());
    if (st.host.empty()) st.host = host;
    states.emplace(st.id, std::move(st));
  }
}

void read_progress(JsonObject& root, FlowModel& model) {
  auto progress = root.object("progress", Need::optional);
  if (!progress) return;
  for (const char* count : {"1", "2"})
    for (const auto& part : progress->strings(count, Need::optional).value_or(std::vector<std::string>{})) {
      if (part.find(':') == std::string::npos)
        root.diags().error(progress->at(count), "progress part \"" + part + "\" names no screen",
                           "write SCREEN:key, e.g. \"RST.Vk.PICK:step-one\"");
      model.progress[count[0] - '0'].push_back(label_ref(part, ""));
    }
  progress->reject_unknown({"1", "2"});
}

// The targets of an option in this flow: an option of another flow leaves the path.
std::vector<Transition> option_targets(const ScreenElement& option, const std::string& flow) {
  if (!option.flow.empty() && option.flow != flow) return {{"EXIT:" + option.flow, {}, option.methods}};
  std::vector<Transition> out = option.to;
  for (auto& t : out) t.methods = option.methods;
  return out;
}

// `next` from the actions: what the path walk follows. The special targets become states or flags.
void derive_transitions(FlowModel& model, ModelState& st) {
  std::vector<Transition> all = st.next;
  for (auto& t : all)
    if (t.to == kSignedIn) t.to = model.signed_in;
  for (const auto& el : st.elements)
    if (el.is_action())
      for (auto& t : targets_of(el, st, model)) all.push_back(std::move(t));
  st.next.clear();
  for (auto& t : all) {
    if (t.to == kVerified) {
      st.completes_verification = true;
      continue;
    }
    if (t.to == st.id) continue;  // a choice on the same page
    st.next.push_back(std::move(t));
  }
}

void derive_labels(ModelState& st) {
  for (const auto& el : st.elements)
    if (!el.label.empty() && el.label.screen == st.id &&
        std::find(st.labels.begin(), st.labels.end(), el.label.key) == st.labels.end())
      st.labels.push_back(el.label.key);
}

// Options of another flow lead to its exit; made here so every target is a state.
void add_flow_exits(FlowModel& model) {
  std::set<std::string> exits;
  for (const auto& [id, st] : model.states)
    for (const auto& t : st.next)
      if (t.to.rfind("EXIT:", 0) == 0) exits.insert(t.to);
  for (const auto& id : exits) {
    ModelState exit;
    exit.id = id;
    exit.kind = ModelState::Kind::exit;
    model.states.emplace(id, std::move(exit));
  }
}

void check_references(const JsonObject& root, const FlowModel& model, Diagnostics& diags) {
  auto known = [&](const std::string& id, const Location& where, const std::string& what) {
    if (!model.states.count(id)) diags.error(where, what + " names unknown state \"" + id + "\"");
  };
  for (const auto& s : model.start) known(s, root.at("start"), "start");
  if (!model.after_verification.empty())
    known(model.after_verification, root.at("after_verification"), "after_verification");
  if (!model.signed_in.empty()) known(model.signed_in, root.at("signed_in"), "signed_in");
  for (const auto& [id, st] : model.states) {
    for (const auto& t : st.next) known(t.to, st.where, "a transition of " + id);
    for (const auto& e : st.errors) known(e, st.where, "the errors of " + id);
    for (const auto& s : st.side) known(s, st.where, "the side screens of " + id);
    if (!st.within.empty()) {
      const ModelState* pick = model.state(st.within);
      if (!pick || pick->kind != ModelState::Kind::pick)
        diags.error(st.where, id + " is drawn within \"" + st.within + "\", which is not a pick screen");
    }
  }
}

bool read_include(const ProjectFiles& files, const std::string& folder, const std::string& name, FlowModel& model,
                  Diagnostics& diags) {
  const auto found = files.find(join_relative(folder, name + ".json"));
  auto file = read_json_file(found.path, found.shown, diags);
  if (!file) return false;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return false;
  root.reject_unknown({"description", "host", "states"});
  read_states(root, model.states);
  return true;
}

}  // namespace

std::vector<Transition> targets_of(const ScreenElement& element, const ModelState& state, const FlowModel& model) {
  if (element.kind == ScreenElement::Kind::option) return option_targets(element, model.flow);
  std::vector<Transition> out;
  for (const auto& t : element.to) {
    if (t.to != kOption) {
      out.push_back(t);
      if (t.to == kSignedIn) out.back().to = model.signed_in;
      continue;
    }
    for (const auto& option : state.elements)
      if (option.kind == ScreenElement::Kind::option)
        for (auto& o : option_targets(option, model.flow)) out.push_back(std::move(o));
  }
  return out;
}

const ScreenElement* ModelState::element(const std::string& key) const {
  for (const auto& el : elements)
    if (el.label.key == key && el.label.screen == id) return &el;
  return nullptr;
}

const ModelState* FlowModel::state(const std::string& id) const {
  auto it = states.find(id);
  return it == states.end() ? nullptr : &it->second;
}

std::map<std::string, std::vector<std::string>> FlowModel::labels_by_screen() const {
  std::map<std::string, std::vector<std::string>> out;
  auto add = [&](const LabelRef& ref) {
    auto& keys = out[ref.screen];
    if (std::find(keys.begin(), keys.end(), ref.key) == keys.end()) keys.push_back(ref.key);
  };
  for (const auto& [id, st] : states)
    for (const auto& el : st.elements)
      if (!el.label.empty()) add(el.label);
  for (const auto& [count, parts] : progress)
    for (const auto& part : parts) add(part);
  return out;
}

bool FlowModel::starts_verification(const std::vector<std::string>& screens) const {
  return std::any_of(screens.begin(), screens.end(), [&](const std::string& id) {
    const ModelState* s = state(id);
    return s && s->kind == ModelState::Kind::pick && s->progress == ModelState::Progress::verification;
  });
}

std::optional<FlowModel> load_flow_model(const ProjectFiles& files, const std::string& folder, const std::string& flow,
                                         Diagnostics& diags) {
  const auto found = files.find(join_relative(folder, flow + ".json"));
  const std::string& shown = found.shown;
  auto file = read_json_file(found.path, shown, diags);
  if (!file) return std::nullopt;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return std::nullopt;
  root.reject_unknown({"flow", "description", "include", "start", "after_verification", "signed_in", "host", "progress",
                       "urls", "states"});
  FlowModel model;
  model.flow = flow;
  model.file = shown;
  model.start = root.strings("start", Need::required).value_or(std::vector<std::string>{});
  model.after_verification = root.string("after_verification", Need::optional).value_or("");
  model.signed_in = root.string("signed_in", Need::optional).value_or("");
  model.urls = root.strings("urls", Need::optional).value_or(std::vector<std::string>{});
  read_progress(root, model);
  read_states(root, model.states);
  for (const auto& include : root.strings("include", Need::optional).value_or(std::vector<std::string>{}))
    read_include(files, folder, include, model, diags);
  for (auto& [id, st] : model.states) {
    derive_transitions(model, st);
    derive_labels(st);
  }
  add_flow_exits(model);
  check_references(root, model, diags);
  return model;
}

}  // namespace manualgen
