#include "checks/flows/label_rules.h"

#include <filesystem>
#include <set>

#include "checks/flows/flow_checker.h"
#include "generator/core/json_file.h"
#include "generator/core/text.h"

namespace manualgen {

namespace fs = std::filesystem;

// M01: one label, one home — the model says which elements a screen has, the locales say their text.
void check_models_against_locales(const Project& project, const std::map<std::string, FlowModel>& models,
                                  Report& report) {
  std::map<std::string, std::set<std::string>> model_labels;  // screen → keys
  std::map<std::string, Location> model_where;
  for (const auto& [flow, model] : models) {
    for (const auto& [screen, keys] : model.labels_by_screen()) model_labels[screen].insert(keys.begin(), keys.end());
    for (const auto& [id, state] : model.states) {
      model_labels[id];  // a screen without labels is still a screen of the model
      model_where.emplace(id, state.where);
    }
  }
  for (const auto& tag : project.locales.tags()) {
    FindingSink sink(report, "locales/" + tag);
    sink.ran("M01");
    const Locale* locale = project.locales.get(tag);
    for (const auto& [screen, labels] : locale->ui) {
      auto known = model_labels.find(screen);
      for (const auto& [key, label] : labels) {
        if (known == model_labels.end())
          sink.warning("M01", label.where, screen + "/" + key,
                       "screen " + screen + " is in the catalog but in no flow model");
        else if (!known->second.count(key))
          sink.warning("M01", label.where, screen + "/" + key,
                       "label \"" + key + "\" of " + screen + " is not an element of that screen in the flow model");
      }
    }
    for (const auto& [screen, keys] : model_labels)
      for (const auto& key : keys)
        if (!project.locales.ui(tag, screen, key))
          sink.error("M01", model_where.at(screen), screen + "/" + key,
                     "the model's label \"" + key + "\" of " + screen + " has no text in locale " + tag +
                         " or its fallbacks; add it to locales/" + tag + "/ui.json");
  }
}

namespace {

struct Recorded {
  std::string text;
  std::string source;
  Location where;
};
using Record = std::map<std::string, std::map<std::string, Recorded>>;  // screen → key → what was confirmed

// locales/<tag>/confirmed.json, or nothing when the locale has none.
std::optional<Record> read_record(const Project& project, const std::string& tag, Diagnostics& diags) {
  // The project's record, or the shipped one for a shipped locale (project_lookup).
  const auto found = project.files.find("locales/" + tag + "/confirmed.json");
  std::error_code ec;
  if (!fs::exists(found.path, ec)) return std::nullopt;
  auto file = read_json_file(found.path, found.shown, diags);
  if (!file) return Record{};
  Record record;
  JsonObject root(file->value, "", file->map, diags);
  for (const auto& screen : file->value.items()) {
    if (screen.key() == "description") continue;
    auto labels = root.object(screen.key(), Need::required);
    if (!labels) continue;
    for (const auto& label : screen.value().items()) {
      auto entry = labels->object(label.key(), Need::required);
      if (!entry) continue;
      auto text = entry->string("text", Need::required);
      auto source = entry->string("source", Need::required);
      entry->reject_unknown({"text", "source"});
      if (text && source) record[screen.key()][label.key()] = {*text, *source, entry->location()};
    }
  }
  return record;
}

void compare_with_record(const std::string& tag, const Locale& locale, const Record& record, FindingSink& sink) {
  const std::string file = "locales/" + tag + "/confirmed.json";
  for (const auto& [screen, labels] : locale.ui)
    for (const auto& [key, label] : labels) {
      if (label.tag != "seen") continue;
      auto s = record.find(screen);
      const Recorded* r = nullptr;
      if (s != record.end())
        if (auto k = s->second.find(key); k != s->second.end()) r = &k->second;
      if (!r)
        sink.error("M02", label.where, screen + "/" + key,
                   "label \"" + key + "\" of " + screen + " is tagged seen (\"" + label.text + "\", " + label.source +
                       ") but " + file + " has no record of it: record its text and source there");
      else if (r->text != label.text)
        sink.error("M02", label.where, screen + "/" + key,
                   "label \"" + key + "\" of " + screen + " reads \"" + label.text + "\" but was confirmed as \"" +
                       r->text + "\" from " + r->source + ": restore it, or record the new text with its evidence in " +
                       file);
    }
  for (const auto& [screen, labels] : record)
    for (const auto& [key, r] : labels) {
      auto s = locale.ui.find(screen);
      bool there = s != locale.ui.end() && s->second.count(key) && s->second.at(key).tag == "seen";
      if (!there)
        sink.warning("M02", r.where, screen + "/" + key,
                     "the record of " + screen + "/" + key + " is for a label that is no longer seen in ui.json");
    }
}

}  // namespace

// M02: ui.json is the only copy of what the screens say, so a text changed there changes every
// manual and picture; the record keeps what each confirmed label was confirmed as, and from where.
void check_label_record(const Project& project, Report& report, Diagnostics& diags) {
  for (const auto& tag : project.locales.tags()) {
    FindingSink sink(report, "locales/" + tag);
    sink.ran("M02");
    auto record = read_record(project, tag, diags);
    if (!record)
      sink.warning("M02", {"locales/" + tag + "/ui.json"}, tag,
                   "locale " + tag + " has no locales/" + tag + "/confirmed.json: a changed label text goes unnoticed");
    else
      compare_with_record(tag, *project.locales.get(tag), *record, sink);
  }
}

namespace {

// What a reader takes an element for: its kind, and where an action leads.
std::string role_of(const ScreenElement& e) {
  std::string role = std::to_string(static_cast<int>(e.kind));
  for (const auto& t : e.to) role += " " + t.to;
  return role;
}

std::string normalized(const std::string& s) {
  std::string out = ascii_lowercase(s);
  out.erase(0, out.find_first_not_of(" \t"));
  while (!out.empty() && std::string(" \t.:*!?,;").find(out.back()) != std::string::npos) out.pop_back();
  return out;
}

void same_text_other_role(const Project& project, const std::string& tag, const ModelState& state, FindingSink& sink) {
  std::map<std::string, const ScreenElement*> by_text;
  for (const auto& e : state.elements) {
    if (e.label.empty() || e.label.screen != state.id) continue;
    auto label = project.locales.ui(tag, e.label.screen, e.label.key);
    if (!label || label.locale != tag) continue;
    auto [it, fresh] = by_text.emplace(normalized(label.value->text), &e);
    const ScreenElement& other = *it->second;
    if (fresh || other.label.key == e.label.key) continue;
    if (!e.is_action() && !other.is_action() && e.kind == other.kind) continue;
    if (role_of(e) == role_of(other)) continue;
    sink.error("M03", label.value->where, state.id + "/" + e.label.key,
               "label \"" + e.label.key + "\" of " + state.id + " reads \"" + label.value->text + "\", as \"" +
                   other.label.key + "\" does, which does something else: one of the two texts is wrong");
  }
}

}  // namespace

void check_label_roles(const Project& project, const std::map<std::string, FlowModel>& models, Report& report) {
  for (const auto& tag : project.locales.tags()) {
    FindingSink sink(report, "locales/" + tag);
    sink.ran("M03");
    std::set<std::string> done;
    for (const auto& [flow, model] : models)
      for (const auto& [id, state] : model.states)
        if (done.insert(id).second) same_text_other_role(project, tag, state, sink);
  }
}

}  // namespace manualgen
