#include "generator/load/flow_structure.h"

#include <algorithm>
#include <functional>
#include <set>

#include "generator/core/json_file.h"
#include "generator/core/text.h"

namespace manualgen {

const Part* FlowStructure::find(const std::string& wanted) const {
  const Part* found = nullptr;
  for_each_part(steps, [&](const Part& p, const Part*) {
    if (!found && p.id == wanted) found = &p;
  });
  return found;
}

namespace {

struct Reader {
  const SourceMap& map;
  Diagnostics& diags;
  std::set<std::string> ids;

  // "illustrate": false, or a list of the part's screens to draw.
  void read_illustrate(JsonObject& o, Part& p) {
    const auto* value = o.member("illustrate");
    if (!value) return;
    if (value->is_boolean() && !value->get<bool>()) {
      p.illustrate = Part::Illustrate::none;
      return;
    }
    auto screens = value->is_array() ? o.strings("illustrate", Need::optional) : std::nullopt;
    if (!screens) {
      diags.error(o.at("illustrate"), "\"illustrate\" must be false or a list of this step's screens",
                  "e.g. \"illustrate\": false, or \"illustrate\": [\"RST.WHO\"]");
      return;
    }
    for (const auto& s : *screens)
      if (std::find(p.screens.begin(), p.screens.end(), s) == p.screens.end())
        diags.error(o.at("illustrate"), "\"illustrate\" names \"" + s + "\", which is not one of the step's screens",
                    "list only screens from \"screens\", or add it there");
    p.illustrate = Part::Illustrate::listed;
    p.illustrate_screens = *screens;
  }

  std::optional<Part> part(const nlohmann::json& value, const std::string& pointer, PartKind kind,
                           const std::string& inherited_prose_from) {
    JsonObject o(value, pointer, map, diags);
    if (!o.ok()) return std::nullopt;
    Part p;
    p.kind = kind;
    p.where = o.location();
    std::vector<std::string> known = {"id", "when"};
    if (kind != PartKind::tip) known.insert(known.end(), {"screens", "tips", "illustrate"});
    if (kind == PartKind::step) known.insert(known.end(), {"choices", "prose_from", "numbered"});
    if (kind == PartKind::choice) known.push_back("method");
    o.reject_unknown(known);

    if (auto id = o.string("id", Need::required)) {
      p.id = *id;
      if (!is_slug(*id))
        diags.error(o.at("id"), "id \"" + *id + "\" is not a valid anchor",
                    "use lowercase letters, digits and hyphens, e.g. \"verify-sms\"");
      else if (!ids.insert(*id).second)
        diags.error(o.at("id"), "duplicate id \"" + *id + "\" in this flow",
                    "steps, choices and tips share one set of ids (they are the page's anchors)");
    }
    if (auto screens = o.strings("screens", Need::optional)) p.screens = *screens;
    read_illustrate(o, p);
    if (auto when = o.strings("when", Need::optional)) {
      for (size_t i = 0; i < when->size(); ++i) {
        std::string error;
        if (auto term = parse_term((*when)[i], error))
          p.when.push_back(*term);
        else
          diags.error(map.at(o.pointer("when") + "/" + std::to_string(i)), error);
      }
    }
    if (auto method = o.string("method", Need::optional)) {
      std::string error;
      if (auto term = parse_term("method:" + *method, error))
        p.methods = term->methods;
      else
        diags.error(o.at("method"), error);
    }
    p.prose_from = o.string("prose_from", Need::optional).value_or(inherited_prose_from);
    p.numbered = o.boolean("numbered", Need::optional).value_or(true);

    auto list = [&](const std::string& key, PartKind child_kind, std::vector<Part>& out) {
      const auto* arr = o.member(key);
      if (!arr) return;
      if (!arr->is_array()) {
        diags.error(o.at(key), "\"" + key + "\" must be a list");
        return;
      }
      for (size_t i = 0; i < arr->size(); ++i)
        if (auto child = part((*arr)[i], o.pointer(key) + "/" + std::to_string(i), child_kind, p.prose_from))
          out.push_back(std::move(*child));
    };
    list("tips", PartKind::tip, p.tips);
    list("choices", PartKind::choice, p.choices);
    return p;
  }
};

std::optional<FlowStructure> flow_structure_from(std::optional<JsonFile> file, const std::string& display,
                                                 const std::string& flow, Diagnostics& diags) {
  if (!file) return std::nullopt;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return std::nullopt;
  root.reject_unknown({"flow", "steps", "redirects"});
  FlowStructure s;
  s.file = display;
  s.id = flow;
  if (auto id = root.string("flow", Need::required); id && *id != flow)
    diags.error(root.at("flow"), "\"flow\" is \"" + *id + "\" but the file is for \"" + flow + "\"");
  const auto* steps = root.member("steps");
  if (!steps || !steps->is_array() || steps->empty()) {
    diags.error(root.location(), "\"steps\" must be a non-empty list of steps");
    return s;
  }
  Reader reader{file->map, diags, {}};
  for (size_t i = 0; i < steps->size(); ++i)
    if (auto p = reader.part((*steps)[i], "/steps/" + std::to_string(i), PartKind::step, ""))
      s.steps.push_back(std::move(*p));

  // "redirects": {"old-id": "new-id"}: a renamed step keeps its published deep links working.
  if (auto redirects = root.object("redirects", Need::optional)) {
    for (const auto& item : root.member("redirects")->items()) {
      auto target = redirects->string(item.key(), Need::required);
      if (!target) continue;
      Location where = redirects->at(item.key());
      Part* part = nullptr;
      std::function<void(std::vector<Part>&)> find = [&](std::vector<Part>& parts) {
        for (auto& p : parts) {
          if (p.id == *target && p.kind != PartKind::tip) part = &p;
          find(p.choices);
        }
      };
      find(s.steps);
      if (!is_slug(item.key()))
        diags.error(where, "redirect from \"" + item.key() + "\", which is not a valid id");
      else if (reader.ids.count(item.key()))
        diags.error(where, "redirect from \"" + item.key() + "\", which is still an id of this flow",
                    "a redirect is for an id that was renamed or removed");
      else if (!part)
        diags.error(where, "redirect to \"" + *target + "\", which is no step or choice of this flow");
      else {
        part->former_ids.push_back(item.key());
        reader.ids.insert(item.key());  // two redirects from one id would be ambiguous
      }
    }
  }
  return s;
}

}  // namespace

std::optional<FlowStructure> load_flow_structure(const std::string& path, const std::string& display,
                                                 const std::string& flow, Diagnostics& diags) {
  return flow_structure_from(read_json_file(path, display, diags), display, flow, diags);
}

std::optional<FlowStructure> parse_flow_structure(std::string text, const std::string& display, const std::string& flow,
                                                  Diagnostics& diags) {
  return flow_structure_from(parse_json_file(std::move(text), display, diags), display, flow, diags);
}

}  // namespace manualgen
