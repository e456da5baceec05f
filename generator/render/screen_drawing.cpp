#include "generator/render/screen_drawing.h"

#include <algorithm>

#include "generator/core/text.h"

namespace manualgen {

namespace {

using Kind = ScreenElement::Kind;

class Painter {
 public:
  Painter(const ResolveContext& ctx, const Organisation& org, const std::string& locale, const FlowModel& model,
          const Illustration& illustration)
      : ctx_(ctx), org_(org), locale_(locale), model_(model), illustration_(illustration) {}

  std::string draw() {
    const ModelState* state = model_.state(illustration_.screen);
    if (!state) return {};
    for (const auto& el : state->elements)
      if (el.kind == Kind::option && highlighted(el)) ++highlighted_options_;
    const ModelState* pick = state->within.empty() ? nullptr : model_.state(state->within);
    std::string body;
    if (pick) {
      body += "<div class=\"screen-columns\"><div class=\"screen-main\">";
      body += elements(*pick, state, /*buttons=*/false);
      body += "</div><div class=\"screen-pane\">" + elements(*state, nullptr, true) + "</div></div>";
    } else {
      body += elements(*state, nullptr, true);
    }
    return figure(*state, pick ? *pick : *state, body);
  }

 private:
  std::string figure(const ModelState& state, const ModelState& page, const std::string& body) {
    const bool device = state.kind == ModelState::Kind::device;
    std::string out = "<figure class=\"screen" + std::string(device ? " screen-device" : "") + "\" data-screen=\"" +
                      html_escape(state.id) + "\" role=\"img\" aria-label=\"" + html_escape(accessible_name(page)) +
                      "\"><div class=\"screen-frame\"><div class=\"screen-bar\">";
    if (device)
      out += "<span class=\"screen-app\">" + html_escape(t("screen-app")) + "</span>";
    else
      out += "<span class=\"screen-dots\"></span><span class=\"screen-host\">" + html_escape(state.host) + "</span>";
    return out + "</div><div class=\"screen-body\">" + body + "</div></div></figure>";
  }

  // "Scherm: Toegang krijgen tot uw account, met Volgende gemarkeerd".
  std::string accessible_name(const ModelState& page) {
    std::string name;
    for (const auto& el : page.elements)
      if ((el.kind == Kind::title || el.kind == Kind::heading || el.kind == Kind::message) && !el.label.empty()) {
        name = label_text(el.label, el.where);
        break;
      }
    if (name.empty()) name = page.kind == ModelState::Kind::device ? t("screen-app") : page.host;
    std::string marked;
    for (size_t i = 0; i < illustration_.highlights.size(); ++i) {
      if (i > 0) marked += i + 1 == illustration_.highlights.size() ? " " + t("word-and") + " " : ", ";
      marked += label_text(illustration_.highlights[i], page.where);
    }
    std::string pattern = t(marked.empty() ? "screen-name" : "screen-name-marked");
    return fill(fill(pattern, "{screen}", name), "{marked}", marked);
  }

  static std::string fill(std::string pattern, const std::string& slot, const std::string& value) {
    if (size_t at = pattern.find(slot); at != std::string::npos) pattern.replace(at, slot.size(), value);
    return pattern;
  }

  // The elements of `state` in order; `chosen` is the pane whose option is drawn chosen.
  std::string elements(const ModelState& state, const ModelState* chosen, bool buttons) {
    std::string out;
    std::string row;  // consecutive buttons share a row
    auto flush = [&] {
      if (!row.empty()) out += "<p class=\"screen-buttons\">" + row + "</p>";
      row.clear();
    };
    for (const auto& el : state.elements) {
      if (!shown(el, buttons) || (chosen && !in_pane_view(el, *chosen))) continue;
      if (el.kind == Kind::button) {
        row += button(el);
        continue;
      }
      flush();
      out += element(el, chosen);
    }
    flush();
    return out;
  }

  // Drawn beside a method's pane, the pick screen shows where the reader is (title, progress) and the
  // option chosen; the whole list is in the picture of the step that chooses.
  static bool in_pane_view(const ScreenElement& el, const ModelState& pane) {
    if (el.kind == Kind::option) return el.methods == pane.method;
    return el.kind == Kind::title || el.kind == Kind::progress;
  }

  bool shown(const ScreenElement& el, bool buttons) const {
    if (el.kind == Kind::button && !buttons) return false;
    int step = std::max(illustration_.verification_step, 1);
    if (el.step != 0 && el.step != step) return false;
    if (el.kind == Kind::option && !el.methods.empty())
      return std::any_of(el.methods.begin(), el.methods.end(), [&](Method m) { return org_.policy.enabled(m); });
    return true;
  }

  std::string element(const ScreenElement& el, const ModelState* chosen) {
    switch (el.kind) {
      case Kind::title:
        return text_element("p", "screen-title", el);
      case Kind::heading:
        return text_element("p", "screen-heading", el);
      case Kind::text:
        return text_element("p", "screen-text", el);
      case Kind::message:
        return text_element("p", "screen-message", el);
      case Kind::progress:
        return progress();
      case Kind::field:
        return field(el);
      case Kind::captcha:
        return captcha(el);
      case Kind::answers:
        return answers(el);
      case Kind::display:
        return "<p class=\"screen-display\">" + html_escape(value_of(el.value)) + "</p>";
      case Kind::option:
        return option(el, chosen);
      case Kind::link:
        return text_element("p", "screen-link", el);
      case Kind::button:
        return button(el);
    }
    return {};
  }

  std::string open(const char* tag, std::string classes, const ScreenElement& el) {
    const bool marked = highlighted(el);
    if (marked) classes += " screen-marked";
    std::string out = std::string("<") + tag + " class=\"" + classes + "\"";
    if (marked) out += " data-highlight=\"" + html_escape(el.label.key) + "\"";
    return out + ">";
  }

  std::string text_element(const char* tag, const char* classes, const ScreenElement& el) {
    return open(tag, classes, el) + html_escape(label_text(el.label, el.where)) + "</" + tag + ">";
  }

  std::string button(const ScreenElement& el) {
    return open("span", el.primary ? "screen-button screen-primary" : "screen-button", el) +
           html_escape(label_text(el.label, el.where)) + "</span>";
  }

  std::string option(const ScreenElement& el, const ModelState* chosen) {
    // The pane's option is the one chosen; elsewhere the option the step tells the reader to choose.
    bool is_chosen =
        chosen ? !chosen->method.empty() && el.methods == chosen->method : highlighted(el) && highlighted_options_ == 1;
    return open("p", is_chosen ? "screen-option screen-chosen" : "screen-option", el) +
           "<span class=\"screen-radio\"></span>" + html_escape(label_text(el.label, el.where)) + "</p>";
  }

  std::string field(const ScreenElement& el) {
    std::string out = open("div", "screen-field", el);
    if (!el.label.empty())
      out += "<span class=\"screen-label\">" + html_escape(label_text(el.label, el.where)) + "</span>";
    return out + "<span class=\"screen-input\">" + html_escape(value_of(el.value)) + "</span></div>";
  }

  // The characters are made up: a captcha differs every time.
  std::string captcha(const ScreenElement& el) {
    return open("div", "screen-field screen-captcha", el) +
           "<span class=\"screen-captcha-image\">x7Kp 2Q</span><span class=\"screen-label\">" +
           html_escape(label_text(el.label, el.where)) + "</span><span class=\"screen-input\"></span></div>";
  }

  std::string answers(const ScreenElement& el) {
    int count = el.value == "questions-register" ? org_.policy.questions_register : org_.policy.questions_reset;
    std::string out = open("div", "screen-answers", el);
    for (int i = 0; i < count; ++i) out += "<span class=\"screen-input\"></span>";
    return out + "</div>";
  }

  // "verificatiestap 1 ✓ › verificatiestap 2 › nieuw wachtwoord kiezen", the current part marked
  // in bold and underlined: not by colour alone.
  std::string progress() {
    auto parts = model_.progress.find(org_.policy.methods_required);
    if (parts == model_.progress.end()) return {};
    const ModelState* state = model_.state(illustration_.screen);
    const ModelState* page = state && !state->within.empty() ? model_.state(state->within) : state;
    size_t current = page && page->progress == ModelState::Progress::last
                         ? parts->second.size() - 1
                         : static_cast<size_t>(std::max(illustration_.verification_step, 1) - 1);
    std::string out = "<p class=\"screen-progress\">";
    for (size_t i = 0; i < parts->second.size(); ++i) {
      if (i > 0) out += "<span class=\"screen-separator\"> › </span>";
      std::string text = html_escape(label_text(parts->second[i], page ? page->where : Location(model_.file)));
      if (i < current)
        out += "<span class=\"screen-part screen-done\">" + text + " ✓</span>";
      else if (i == current)
        out += "<span class=\"screen-part screen-current\">" + text + "</span>";
      else
        out += "<span class=\"screen-part\">" + text + "</span>";
    }
    return out + "</p>";
  }

  bool highlighted(const ScreenElement& el) const {
    return !el.label.empty() &&
           std::any_of(illustration_.highlights.begin(), illustration_.highlights.end(),
                       [&](const LabelRef& r) { return r.screen == el.label.screen && r.key == el.label.key; });
  }

  std::string value_of(const std::string& value) {
    const Policy& policy = org_.policy;
    if (value == "login-example") return org_.login_example;
    if (value == "phone")
      return t(policy.phone_entry == PhoneEntry::national ? "screen-phone-national" : "screen-phone-international");
    if (value == "code") return "123456";
    if (value == "number") return "42";
    if (value == "password") return "••••••••••••";
    if (value == "private-email") return t("screen-private-email");
    return {};
  }

  std::string label_text(const LabelRef& ref, const Location& where) {
    if (ref.empty()) return {};
    auto found = ctx_.locales.ui(locale_, ref.screen, ref.key);
    if (!found) {
      ctx_.diags.error(where,
                       "the screen shows label \"" + ref.key + "\" of " + ref.screen + ", which locale \"" + locale_ +
                           "\" and its fallbacks do not have",
                       "add it to locales/" + locale_ + "/ui.json under \"" + ref.screen + "\"");
      return ref.key;
    }
    if (found.locale != locale_)
      ctx_.fallbacks.insert({locale_, "UI label " + ref.screen + "/" + ref.key, found.locale});
    return found.value->text;
  }

  std::string t(const std::string& key) { return theme_string(ctx_, locale_, key); }

  const ResolveContext& ctx_;
  const Organisation& org_;
  const std::string& locale_;
  const FlowModel& model_;
  const Illustration& illustration_;
  int highlighted_options_ = 0;  // more than one: the prose names alternatives, none is chosen
};

}  // namespace

namespace {

// What of the organisation a picture of `state` shows (read by Painter: the options of its methods,
// the number of answers, the progress of its verification count, the login example, the form of a
// phone number), appended to `key`. Only these enter the cache key, so organisations whose policies
// differ elsewhere share the picture.
void append_organisation_facts(const FlowModel& model, const ModelState& state, const Organisation& org,
                               std::string& key) {
  const Policy& p = org.policy;
  auto facts_of = [&](const ModelState& s) {
    for (const ScreenElement& el : s.elements) {
      if (el.kind == Kind::option)
        for (Method m : el.methods) key += p.enabled(m) ? '1' : '0';
      if (el.kind == Kind::answers)
        key.append(std::to_string(el.value == "questions-register" ? p.questions_register : p.questions_reset))
            .push_back(',');
      if (el.kind == Kind::progress) key.append(std::to_string(p.methods_required)).push_back(',');
      if (el.value == "login-example") key.append(org.login_example).push_back('|');
      if (el.value == "phone") key += p.phone_entry == PhoneEntry::national ? 'n' : 'i';
    }
  };
  facts_of(state);
  if (const ModelState* pick = state.within.empty() ? nullptr : model.state(state.within)) facts_of(*pick);
}

}  // namespace

const std::string& ScreenDrawer::draw(const ResolveContext& ctx, const Organisation& org, const std::string& locale,
                                      const FlowModel& model, const Illustration& illustration) {
  static const std::string nothing;
  const ModelState* state = model.state(illustration.screen);
  if (!state) return nothing;
  key_.clear();
  for (const std::string* part : {&model.flow, &locale, &illustration.screen}) key_.append(*part).push_back('|');
  key_.append(std::to_string(illustration.verification_step));
  for (const auto& h : illustration.highlights) key_.append("|").append(h.screen).append(":").append(h.key);
  key_.push_back('|');
  append_organisation_facts(model, *state, org, key_);
  auto it = drawn_.find(key_);
  if (it == drawn_.end()) it = drawn_.emplace(key_, draw_screen(ctx, org, locale, model, illustration)).first;
  return it->second;
}

std::string draw_screen(const ResolveContext& ctx, const Organisation& org, const std::string& locale,
                        const FlowModel& model, const Illustration& illustration) {
  return Painter(ctx, org, locale, model, illustration).draw();
}

}  // namespace manualgen
