#include "generator/resolve/resolver.h"

#include <algorithm>
#include <functional>

#include "generator/core/text.h"
#include "generator/load/markdown.h"
#include "generator/resolve/illustrations.h"

namespace manualgen {

std::string anchor_id(const std::string& flow, const std::string& id, LinkStyle style) {
  return style == LinkStyle::pages ? id : flow + "-" + id;
}

std::string theme_string(const ResolveContext& ctx, const std::string& locale, const std::string& key) {
  auto found = ctx.locales.theme(locale, key);
  if (!found) {
    ctx.diags.error({"locales/" + locale + "/theme.json"},
                    "theme string \"" + key + "\" is missing in locale \"" + locale + "\" and its fallbacks",
                    "add \"" + key + "\": \"…\" to locales/" + locale + "/theme.json");
    return key;
  }
  if (found.locale != locale) ctx.fallbacks.insert({locale, "theme string \"" + key + "\"", found.locale});
  return *found.value;
}

std::string_view config_text(const ResolveContext& ctx, const LocalizedText& text, const std::string& locale,
                             const std::string& what) {
  if (text.empty()) return {};
  for (const auto& tag : ctx.locales.chain(locale)) {
    auto it = text.find(tag);
    if (it == text.end()) continue;
    if (tag != locale) ctx.fallbacks.insert({locale, what, tag});
    return it->second;
  }
  return {};
}

std::string_view site_title(const ResolveContext& ctx, const std::string& locale) {
  const Site& site = ctx.config.site;
  if (site.titles.empty()) return site.title;
  std::string_view found = config_text(ctx, site.titles, locale, "site.title");
  return found.empty() ? std::string_view(site.titles.begin()->second) : found;
}

std::string written_date(const ResolveContext& ctx, const std::string& locale, const std::string& iso) {
  if (iso.size() != 10) return iso;
  int month = std::stoi(iso.substr(5, 2));
  std::string day = std::to_string(std::stoi(iso.substr(8, 2)));
  std::string out = theme_string(ctx, locale, "date-format");
  auto put = [&](const std::string& slot, const std::string& value) {
    if (size_t at = out.find(slot); at != std::string::npos) out.replace(at, slot.size(), value);
  };
  put("{day}", day);
  put("{month}", theme_string(ctx, locale, "month-" + std::to_string(month)));
  put("{year}", iso.substr(0, 4));
  return out;
}

namespace {

bool shown(const Part& part, const Policy& policy) {
  if (!holds(part.when, policy)) return false;
  if (part.methods.empty()) return true;
  return std::any_of(part.methods.begin(), part.methods.end(), [&](Method m) { return policy.enabled(m); });
}

class Resolver {
 public:
  Resolver(const ResolveContext& ctx, const Organisation& org, const std::string& locale, const std::string& flow,
           LinkStyle style)
      : ctx_(ctx),
        org_(org),
        locale_(locale),
        flow_(flow),
        style_(style),
        structure_(ctx.content.flows.at(flow)),
        model_(model_of(ctx, flow)) {}

  // Fills again the texts of `m` whose placeholders link to other parts ({{flow.*}}, {{step.*}}).
  void restyle(Manual& m) {
    if (m.prose) {
      if (depends_on_style(m.prose->intro_html)) m.intro_html = fill(m.prose->intro_html, {});
      if (depends_on_style(m.prose->summary_html)) m.summary_html = fill(m.prose->summary_html, {});
    }
    for (auto& step : m.steps) restyle(step);
  }

  Manual run() {
    Manual m;
    m.org = &org_;
    m.locale = locale_;
    m.flow = flow_;
    std::string from;
    if (const ProseFile* prose = ctx_.content.prose_file(ctx_.locales, locale_, flow_, &from)) {
      if (from != locale_) ctx_.fallbacks.insert({locale_, "prose file " + flow_ + ".md", from});
      m.title = prose->title;
      m.prose = prose;
      m.intro_html = fill(prose->intro_html, {});
      m.summary_html = fill(prose->summary_html, {});
    } else {
      ctx_.diags.error({"content/" + locale_ + "/" + flow_ + ".md"},
                       "no prose for flow \"" + flow_ + "\" in locale \"" + locale_ + "\" or its fallbacks");
    }
    // A note for the flow without a step is shown at the top of the flow's page.
    for (const Note& note : org_.notes)
      if (note.flow == flow_ && note.step.empty()) m.notes.emplace_back(note_text(note));
    int number = 0;
    for (const Part& step : structure_.steps) {
      if (!shown(step, org_.policy)) continue;
      if (starts_verification_step(step)) ++verification_step_;
      m.steps.push_back(part(step, nullptr));
      if (step.numbered) m.steps.back().number = ++number;
    }
    return m;
  }

 private:
  ResolvedPart part(const Part& p, const Part* parent) {
    ResolvedPart r;
    r.kind = p.kind;
    r.id = p.id;
    r.methods = p.methods;
    r.former_ids = p.former_ids;
    r.structure = p.where;
    r.screens = p.screens.empty() && parent ? parent->screens : p.screens;
    std::string from;
    if (const ProseSection* s = ctx_.content.section(ctx_.locales, locale_, prose_flow(p, flow_), p.id, &from)) {
      if (from != locale_) ctx_.fallbacks.insert({locale_, "prose [" + p.id + "] of " + prose_flow(p, flow_), from});
      r.title = s->title;
      r.prose = s->heading;
      r.section = s;
      current_ = &r;
      r.html = fill(s->html, r.screens);
      current_ = nullptr;
    }
    if (model_ && org_.illustrations && p.kind != PartKind::tip)
      r.illustrations = choose_illustrations(p, r, *model_, verification_step_);
    for (const Note& note : org_.notes)
      if (note.flow == flow_ && note.step == p.id) r.notes.emplace_back(note_text(note));
    for (const Part& tip : p.tips)
      if (shown(tip, org_.policy)) r.tips.push_back(part(tip, &p));
    for (const Part& choice : p.choices)
      if (shown(choice, org_.policy)) r.choices.push_back(part(choice, &p));
    return r;
  }

  // A step on the verification pick screen begins verification step 1, the next one step 2.
  bool starts_verification_step(const Part& step) const { return model_ && model_->starts_verification(step.screens); }

  static bool depends_on_style(const PreparedMarkdown& prepared) {
    return prepared.has_placeholder_starting({"flow.", "step."});
  }

  void restyle(ResolvedPart& part) {
    // current_ stays null: the labels of the part were recorded when it was resolved.
    if (part.section && depends_on_style(part.section->html)) part.html = fill(part.section->html, part.screens);
    for (auto& tip : part.tips) restyle(tip);
    for (auto& choice : part.choices) restyle(choice);
  }

  std::string fill(const PreparedMarkdown& prepared, const std::vector<std::string>& screens) {
    screens_ = &screens;
    return prepared.fill([this](const std::string& name) { return expand(name); }, ctx_.diags);
  }

  std::string t(const std::string& key) { return theme_string(ctx_, locale_, key); }

  Expansion expand(const std::string& name) {
    if (is_condition_placeholder(name)) return condition(name);
    size_t dot = name.find('.');
    std::string ns = name.substr(0, dot);
    std::string key = dot == std::string::npos ? "" : name.substr(dot + 1);
    const Policy& policy = org_.policy;
    const Servicedesk& desk = org_.servicedesk;

    if (ns == "org" && key == "name") return Expansion::plain(org_.name);
    if (ns == "org" && key == "login-example") return Expansion::plain(org_.login_example);
    if (ns == "desk" && key == "phone") return phone();
    if (ns == "desk" && key == "hours") return Expansion::plain(std::string(hours()));
    if (ns == "desk" && key == "email")
      return desk.email.empty() ? Expansion::plain("") : Expansion::link(desk.email, "mailto:" + desk.email);
    if (ns == "desk" && key == "contact") return contact();
    if (ns == "policy") {
      if (key == "min-length") return Expansion::plain(std::to_string(policy.min_length));
      if (key == "methods-required") return Expansion::plain(std::to_string(policy.methods_required));
      if (key == "lockout-threshold") return Expansion::plain(std::to_string(policy.lockout_threshold));
      if (key == "questions-register") return Expansion::plain(std::to_string(policy.questions_register));
      if (key == "questions-reset") return Expansion::plain(std::to_string(policy.questions_reset));
      if (key == "phone-format")
        return Expansion::plain(
            t(policy.phone_entry == PhoneEntry::national ? "phone-format-national" : "phone-format-international"));
      if (key == "registrations") return Expansion::plain(method_list(policy.register_first));
    }
    if (ns == "method") {
      if (auto m = parse_method(key)) return Expansion::plain(t("method-" + std::string(method_id(*m))));
      return Expansion::fail("unknown method in {{" + name + "}}", "methods are " + join_methods());
    }
    if (ns == "link") {
      auto it = ctx_.content.urls.find(key);
      if (it == ctx_.content.urls.end())
        return Expansion::fail("unknown link {{" + name + "}}", "link names are the keys of content/urls.json");
      return Expansion::link(it->second, it->second);
    }
    if (ns == "flow") return flow_link(name, key);
    if (ns == "step") return step_link(name, key);
    if (ns == "ui") return ui_label(name, key);
    return Expansion::fail("unknown placeholder {{" + name + "}}",
                           "placeholders are {{org.*}}, {{desk.*}}, {{policy.*}}, {{link.*}}, {{flow.*}}, {{step.*}}, "
                           "{{ui.*}} and {{method.*}}; see content/README.md");
  }

  // `{{if TERMS}}`: the same terms as `when` in content/flows/, all of which must hold.
  Expansion condition(const std::string& name) const {
    std::string error;
    auto shown = terms_hold(condition_terms(name), org_.policy, error);
    if (!shown)
      return Expansion::fail("{{" + name + "}}: " + error, "the terms are those of \"when\" in content/README.md");
    return Expansion::condition(*shown);
  }

  std::string_view hours() const {
    return config_text(ctx_, org_.servicedesk.hours, locale_, "servicedesk.hours of " + org_.id);
  }

  std::string_view note_text(const Note& note) const {
    return config_text(ctx_, note.text, locale_, "note " + note.pointer + " of " + org_.id);
  }

  Expansion phone() {
    const std::string& p = org_.servicedesk.phone;
    return p.empty() ? Expansion::plain("") : Expansion::link(p, tel_uri(p));
  }

  Expansion contact() {
    const Servicedesk& desk = org_.servicedesk;
    std::vector<Expansion> parts;
    auto separator = [&] {
      if (!parts.empty()) parts.push_back(Expansion::plain(" " + t("word-or") + " "));
    };
    if (!desk.phone.empty()) {
      parts.push_back(phone());
      if (std::string_view h = hours(); !h.empty()) parts.push_back(Expansion::plain(" (" + std::string(h) + ")"));
    }
    if (!desk.email.empty()) {
      separator();
      parts.push_back(Expansion::link(desk.email, "mailto:" + desk.email));
    }
    if (!desk.url.empty()) {
      separator();
      parts.push_back(Expansion::link(desk.url, desk.url));
    }
    return Expansion::sequence(std::move(parts));
  }

  std::string method_list(const std::vector<Method>& methods) {
    std::string out;
    for (size_t i = 0; i < methods.size(); ++i) {
      if (i > 0) out += (i + 1 == methods.size()) ? " " + t("word-and") + " " : ", ";
      out += t("method-" + std::string(method_id(methods[i])));
    }
    return out;
  }

  static std::string join_methods() {
    std::string out;
    for (const auto& id : all_method_ids()) out += (out.empty() ? "" : ", ") + id;
    return out;
  }

  Expansion flow_link(const std::string& name, const std::string& flow) {
    if (!ctx_.content.flows.count(flow))
      return Expansion::fail("unknown flow in {{" + name + "}}", "flows are register, reset, unlock and change");
    const ProseFile* prose = ctx_.content.prose_file(ctx_.locales, locale_, flow, nullptr);
    std::string title = prose ? prose->title : flow;
    // A flow the organisation does not publish is named, not linked: the link would break.
    if (!org_.publishes(flow)) return Expansion::plain(title);
    return Expansion::link(title, style_ == LinkStyle::pages ? "../" + flow + "/index.html" : "#" + flow);
  }

  Expansion step_link(const std::string& name, const std::string& id) {
    const Part* target = structure_.find(id);
    if (!target)
      return Expansion::fail("{{" + name + "}} names no step of flow \"" + flow_ + "\"",
                             "use an id from content/flows/" + flow_ + ".json");
    const ProseSection* s = ctx_.content.section(ctx_.locales, locale_, prose_flow(*target, flow_), id, nullptr);
    std::string title = s ? s->title : id;
    if (!visible(id)) return Expansion::plain(title);
    return Expansion::link(title, "#" + anchor_id(flow_, id, style_));
  }

  // Whether part `id` appears on this organisation's page (it and all its ancestors are shown).
  bool visible(const std::string& id) const {
    bool result = false;
    std::function<bool(const std::vector<Part>&)> walk = [&](const std::vector<Part>& parts) {
      for (const Part& p : parts) {
        if (!shown(p, org_.policy)) continue;
        if (p.id == id) return result = true;
        if (walk(p.choices) || walk(p.tips)) return true;
      }
      return false;
    };
    walk(structure_.steps);
    return result;
  }

  Expansion ui_label(const std::string& name, const std::string& key) {
    for (const auto& screen : *screens_) {
      if (auto found = ctx_.locales.ui(locale_, screen, key)) {
        if (found.locale != locale_) ctx_.fallbacks.insert({locale_, "UI label " + screen + "/" + key, found.locale});
        if (current_) current_->labels.push_back({key, screen, found.value->text, found.value->tag});
        if (found.value->tag == "seen") return Expansion::ui(found.value->text);
        return unconfirmed_label(screen, key, found.value->text);
      }
    }
    std::string list;
    for (const auto& s : *screens_) list += (list.empty() ? "" : ", ") + s;
    return Expansion::fail("{{" + name + "}}: no label \"" + key + "\" on the screens of this step (" +
                               (list.empty() ? "none" : list) + ") in locale \"" + locale_ + "\"",
                           "add it to locales/" + locale_ +
                               "/ui.json under one of those screens, or add the "
                               "screen to the step in content/flows/" +
                               flow_ + ".json");
  }

  // A label known only from a machine translation, a third party or our own reconstruction is
  // written as what it is: "een knop als **Indienen**", so the reader looks for something like it.
  Expansion unconfirmed_label(const std::string& screen, const std::string& key, const std::string& text) {
    using K = ScreenElement::Kind;
    const ModelState* state = model_ ? model_->state(screen) : nullptr;
    const ScreenElement* el = state ? state->element(key) : nullptr;
    std::string like = "ui-like-text";
    if (el && el->kind == K::button) like = "ui-like-button";
    if (el && el->kind == K::link) like = "ui-like-link";
    if (el && el->kind == K::option) like = "ui-like-option";
    if (el && el->kind == K::title) like = "ui-like-page";
    if (el && (el->kind == K::field || el->kind == K::captcha || el->kind == K::answers)) like = "ui-like-field";
    return Expansion::sequence({Expansion::plain(t(like) + " "), Expansion::ui(text, false)});
  }

  const ResolveContext& ctx_;
  const Organisation& org_;
  const std::string& locale_;
  const std::string& flow_;
  LinkStyle style_;
  const FlowStructure& structure_;
  static const FlowModel* model_of(const ResolveContext& ctx, const std::string& flow) {
    if (!ctx.screens) return nullptr;
    auto it = ctx.screens->find(flow);
    return it == ctx.screens->end() ? nullptr : &it->second;
  }

  const std::vector<std::string>* screens_ = nullptr;
  ResolvedPart* current_ = nullptr;
  const FlowModel* model_;
  int verification_step_ = 0;
};

}  // namespace

Manual resolve_manual(const ResolveContext& ctx, const Organisation& org, const std::string& locale,
                      const std::string& flow, LinkStyle style) {
  return Resolver(ctx, org, locale, flow, style).run();
}

Manual restyle_manual(const ResolveContext& ctx, const Manual& manual, LinkStyle style) {
  Manual m = manual;
  Resolver(ctx, *manual.org, manual.locale, manual.flow, style).restyle(m);
  return m;
}

}  // namespace manualgen
