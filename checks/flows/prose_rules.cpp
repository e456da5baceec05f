// Rules on what the prose says: labels named, policy values stated, links, contacts, advice, and
// (fact_rules) the facts stated in words. They read the Markdown source of each part, and each
// organisation note from the config, so findings point at the line to fix; the numeric policy
// placeholders stand for the organisation's values.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "checks/flows/fact_rules.h"
#include "checks/flows/flow_checker.h"
#include "checks/flows/prose_text.h"
#include "generator/core/text.h"
#include "generator/load/site_config.h"
#include "generator/model/condition.h"

namespace manualgen {

namespace {

// Lowercase, trimmed, without trailing punctuation or the "*" of required fields.
std::string normalize(const std::string& s) {
  std::string out = ascii_lowercase(s);
  out.erase(0, out.find_first_not_of(" \t"));
  while (!out.empty() && std::string(" \t.:*!?,;").find(out.back()) != std::string::npos) out.pop_back();
  return out;
}

bool uses(const ProseText& f, const std::string& placeholder) {
  return std::any_of(f.placeholders.begin(), f.placeholders.end(),
                     [&](const auto& p) { return p.second == placeholder; });
}

bool mentions_any(const ProseText& f, const std::string& list) {
  return std::any_of(f.clauses.begin(), f.clauses.end(), [&](const Clause& c) { return c.has(list); });
}

// Each label text of a locale and the screens it appears on.
using LabelIndex = std::map<std::string, std::vector<std::pair<std::string, std::string>>>;  // text → (screen, key)

LabelIndex index_labels(const LocaleCatalog& catalog, const std::string& locale) {
  LabelIndex index;
  std::set<std::string> screens;
  for (const auto& tag : catalog.chain(locale))
    for (const auto& [screen, labels] : catalog.get(tag)->ui) screens.insert(screen);
  for (const auto& screen : screens) {
    std::set<std::string> keys;
    for (const auto& tag : catalog.chain(locale))
      if (auto it = catalog.get(tag)->ui.find(screen); it != catalog.get(tag)->ui.end())
        for (const auto& [key, unused] : it->second) keys.insert(key);
    for (const auto& key : keys)
      if (auto found = catalog.ui(locale, screen, key); found && found.value->text.size() >= 3)
        index[normalize(found.value->text)].push_back({screen, key});
  }
  return index;
}

}  // namespace

struct ProseRules::Cache {
  // What a text says as one reader gets it: by locale, the text and which of its spans are shown.
  using ReaderText = std::pair<const std::string*, std::vector<bool>>;
  std::map<std::string, std::map<ReaderText, ProseText>> texts;
  std::map<const std::string*, std::vector<std::string_view>> conditions;  // a text's spans' terms
  std::map<const ProseSection*, std::string> sections;                     // a section's title and body
  std::map<std::string, LabelIndex> labels;
  struct ForeignLabel {
    std::string key;
    std::string locale;
    std::string text;
  };
  std::map<std::pair<std::string, std::string>, std::vector<ForeignLabel>> foreign;  // (locale, screen) →
  // The labels of `screen` that `locale` takes from a locale of another language.
  const std::vector<ForeignLabel>& foreign_labels(const LocaleCatalog& catalog, const FlowModel& model,
                                                  const std::string& locale, const std::string& screen) {
    auto [it, fresh] = foreign.try_emplace({locale, screen});
    const ModelState* s = model.state(screen);
    if (!fresh || !s) return it->second;
    auto language = [](const std::string& tag) { return tag.substr(0, tag.find('-')); };
    for (const auto& e : s->elements) {
      if (e.label.empty()) continue;
      auto found = catalog.ui(locale, e.label.screen, e.label.key);
      if (found && language(found.locale) != language(locale))
        it->second.push_back({e.label.key, found.locale, found.value->text});
    }
    return it->second;
  }

  const LabelIndex& index(const LocaleCatalog& catalog, const std::string& locale) {
    auto it = labels.find(locale);
    if (it == labels.end()) it = labels.emplace(locale, index_labels(catalog, locale)).first;
    return it->second;
  }
};

namespace {

const LabelIndex& no_labels() {
  static const LabelIndex empty;
  return empty;
}

bool is_placeholder(const Number& n) { return n.token.rfind("policy.", 0) == 0; }
std::string as_written(const Number& n) { return is_placeholder(n) ? "{{" + n.token + "}}" : n.token; }

class ProseChecker {
 public:
  ProseChecker(const FlowCheckContext& ctx, ProseRules::Cache& cache, const Manual& m, const FlowModel& model,
               FindingSink& sink)
      : ctx_(ctx),
        cache_(cache),
        m_(m),
        model_(model),
        sink_(sink),
        policy_(m.org->policy),
        labels_(cache.index(ctx.project.locales, m.locale)),
        english_(m.locale.rfind("en", 0) == 0 ? no_labels() : cache.index(ctx.project.locales, "en")),
        facts_{m, model, ctx.vocabulary, sink},
        texts_(cache.texts[m.locale]) {}

  // Every part of the manual, its intro and the organisation's notes on its steps.
  void run() {
    for (const char* rule : {"C05", "C06", "C07", "C11", "C12", "C16", "C17", "C20"}) sink_.ran(rule);
    for (const auto& rule : fact_rules_run(m_.flow)) sink_.ran(rule);
    if (m_.flow == "reset" || m_.flow == "unlock") sink_.ran("C13");
    if (m_.prose) intro();
    for (const auto& step : m_.steps) visit(step, nullptr);
    check_entry_url();
    registration_states_how_many();
    if ((m_.flow == "reset" || m_.flow == "unlock") && !mentions_registration_)
      sink_.error("C13", m_.steps.front().structure, m_.steps.front().id,
                  "the " + m_.flow +
                      " manual never says that security info must be registered first "
                      "(link {{flow.register}})");
  }

  // The organisation's texts outside the steps: its landing-page notes and its licence note, each
  // at its line of the config.
  void organisation_texts() {
    const Organisation& org = *m_.org;
    for (const Note& note : org.notes)
      if (note.step.empty() && note.text.count(m_.locale))
        config_text(note.text.at(m_.locale), note.pointer + "/text/" + m_.locale, "note", nullptr);
    if (auto it = org.licence_note.find(m_.locale); it != org.licence_note.end())
      config_text(it->second, org.pointer + "/licence_note/" + m_.locale, "licence note", nullptr);
  }

 private:
  // What `text` says to this organisation's reader: each text is read once per locale and per
  // choice of the conditional spans it shows, and the same prose serves hundreds of organisations.
  const ProseText& read(const std::string& text, int first_line) {
    ProseRules::Cache::ReaderText key{&text, shown_spans(text)};
    auto it = texts_.find(key);
    if (it == texts_.end()) {
      std::string shown = key.second.empty() ? text : reader_text(text, key.second);
      it = texts_.emplace(std::move(key), read_prose_text(shown, first_line, m_.locale, ctx_.vocabulary)).first;
    }
    return it->second;
  }

  // For each `{{if TERMS}}` of `text`, whether the organisation's policy shows it, as the generator
  // decides. Terms that do not parse are the build's error; here their span counts as shown.
  std::vector<bool> shown_spans(const std::string& text) {
    auto [it, fresh] = cache_.conditions.try_emplace(&text);
    if (fresh) it->second = span_conditions(text);
    std::vector<bool> shown;
    shown.reserve(it->second.size());
    std::string error;
    for (std::string_view terms : it->second) shown.push_back(terms_hold(terms, policy_, error).value_or(true));
    return shown;
  }

  // The section's title and body as one text, the title on the heading's line.
  const ProseText& read(const ProseSection& s) {
    auto it = cache_.sections.find(&s);
    if (it == cache_.sections.end()) it = cache_.sections.emplace(&s, s.title + "\n" + s.body).first;
    return read(it->second, s.heading.line);
  }

  void intro() {
    Piece piece{m_.steps.front().id,
                PartKind::step,
                {},
                {},
                &read(m_.prose->intro, m_.prose->intro_line),
                m_.prose->file,
                m_.prose->title_where,
                "",
                &m_.intro_html};
    if (uses(*piece.text, "flow.register")) mentions_registration_ = true;
    check_piece(piece, nullptr);
  }

  void visit(const ResolvedPart& part, const ResolvedPart* parent) {
    std::vector<std::string> screens = part.screens;
    if (parent) screens.insert(screens.end(), parent->screens.begin(), parent->screens.end());
    if (part.section) {
      Piece piece{part.id,    part.kind,  part.methods, screens, &read(*part.section), part.section->heading.file,
                  part.prose, part.title, &part.html};
      check_piece(piece, &part);
      labels_of(part);
    }
    pictures_in_language(part);
    notes_on(part, screens);
    for (const auto& t : part.tips) visit(t, &part);
    for (const auto& c : part.choices) visit(c, &part);
  }

  // The organisation's notes on `part`: prose too, located at their line of the config.
  void notes_on(const ResolvedPart& part, const std::vector<std::string>& screens) {
    for (const Note& note : m_.org->notes)
      if (note.flow == m_.flow && note.step == part.id && note.text.count(m_.locale))
        config_text(note.text.at(m_.locale), note.pointer + "/text/" + m_.locale, part.id, &part, screens);
  }

  void config_text(const std::string& text, const std::string& pointer, const std::string& id, const ResolvedPart* part,
                   const std::vector<std::string>& screens = {}) {
    Location where = ctx_.project.config.map.at(pointer);
    Piece piece{id,
                part ? part->kind : PartKind::step,
                part ? part->methods : std::vector<Method>{},
                screens,
                &read(text, where.line),
                where.file,
                where,
                "",
                nullptr};
    check_piece(piece, nullptr);
  }

  void check_piece(const Piece& piece, const ResolvedPart* part) {
    emphasis(piece);
    numbers(piece);
    contacts(piece);
    links(piece);
    if (part) advice(piece, *part);
    check_stated_facts(facts_, piece);
  }

  // C07 for labels known only from a machine translation; C02 for labels of a second verification
  // in a manual that has one; C20 for labels the manual takes from another language.
  void labels_of(const ResolvedPart& part) {
    for (const auto& l : part.labels) {
      if (l.tag == "mt")
        sink_.warning("C07", part.prose, part.id,
                      "label {{ui." + l.key + "}} (\"" + l.text + "\" on " + l.screen +
                          ") is known only from a machine translation; confirm it against the real screen");
      second_verification_label(part, l);
      label_in_another_language(part, l);
    }
  }

  void second_verification_label(const ResolvedPart& part, const LabelUse& l) {
    if (model_.after_verification.empty()) return;
    const ModelState* s = model_.state(l.screen);
    const ScreenElement* e = s ? s->element(l.key) : nullptr;
    bool in_progress = false, in_any_progress = false;
    for (const auto& [required, parts] : model_.progress)
      for (const auto& ref : parts)
        if (ref.screen == l.screen && ref.key == l.key)
          (required == policy_.methods_required ? in_progress : in_any_progress) = true;
    bool step_two_only = e && e->step > policy_.methods_required;
    if (step_two_only || (in_any_progress && !in_progress))
      sink_.error("C02", placeholder_line(part, l.key), part.id,
                  "{{ui." + l.key + "}} (\"" + l.text +
                      "\") belongs to a second verification step, but the organisation asks for " +
                      std::to_string(policy_.methods_required));
  }

  // C20: the screens drawn for a part show labels of the manual's language. The pictures are drawn
  // from the part's screens, so their labels are read per screen and locale, once.
  void pictures_in_language(const ResolvedPart& part) {
    if (!m_.org->illustrations) return;
    for (const auto& screen : part.screens)
      for (const auto& label : cache_.foreign_labels(ctx_.project.locales, model_, m_.locale, screen))
        sink_.error("C20", part.prose, part.id,
                    "the picture of " + screen + " shows \"" + label.text + "\" (" + label.key + ") from locale " +
                        label.locale + ": add it to locales/" + m_.locale + "/ui.json");
  }

  static std::string language(const std::string& tag) { return tag.substr(0, tag.find('-')); }

  void label_in_another_language(const ResolvedPart& part, const LabelUse& l) {
    auto found = ctx_.project.locales.ui(m_.locale, l.screen, l.key);
    if (found && language(found.locale) != language(m_.locale))
      sink_.error("C20", placeholder_line(part, l.key), part.id,
                  "{{ui." + l.key + "}} on " + l.screen + " has no text in " + m_.locale + " and falls back to " +
                      found.locale + " (\"" + l.text + "\"): add it to locales/" + m_.locale + "/ui.json");
  }

  // Emphasised text is a label (C06, C07), an English label (C20), a known garble (C07), or, after
  // "klik op", a button no screen has (C06).
  void emphasis(const Piece& piece) {
    for (const auto& e : piece.text->emphasis) {
      std::string t = normalize(e.text);
      if (auto hit = labels_.find(t); hit != labels_.end())
        label_named(piece, e, hit->second);
      else if (english_.count(t))
        sink_.error("C20", piece.at(e.line), piece.id,
                    "\"" + e.text + "\" is an English label in a " + m_.locale + " manual");
      else if (!garbled_label(piece, e, t) && e.after_action)
        sink_.error("C06", piece.at(e.line), piece.id,
                    "names \"" + e.text + "\" as something to use, but no screen of the model has a label \"" + e.text +
                        "\" in locale " + m_.locale);
    }
  }

  // C07 when the label is on one of the step's screens (write it as a placeholder), C06 when it
  // belongs to other screens only.
  void label_named(const Piece& piece, const Emphasis& e, const std::vector<std::pair<std::string, std::string>>& on) {
    const auto& screens = piece.screens;
    auto here = std::find_if(on.begin(), on.end(), [&](const auto& sk) {
      return std::find(screens.begin(), screens.end(), sk.first) != screens.end();
    });
    if (here != on.end()) {
      sink_.warning("C07", piece.at(e.line), piece.id,
                    "\"" + e.text + "\" is typed as text; write {{ui." + here->second +
                        "}} so it follows the label catalog of " + here->first);
      return;
    }
    std::string where;
    for (const auto& [screen, key] : on) where += (where.empty() ? "" : ", ") + screen;
    std::string mine;
    for (const auto& s : screens) mine += (mine.empty() ? "" : ", ") + s;
    sink_.error("C06", piece.at(e.line), piece.id,
                "step `" + piece.id + "` names \"" + e.text + "\", a label of " + where + ", but the step is on " +
                    (mine.empty() ? "no screen" : mine));
  }

  // C07: text a machine translation made of a label.
  bool garbled_label(const Piece& piece, const Emphasis& e, const std::string& normalized) {
    for (const auto& g : ctx_.vocabulary.words(m_.locale, "garbled"))
      if (normalized == normalize(g)) {
        sink_.warning("C07", piece.at(e.line), piece.id,
                      "\"" + e.text + "\" is a machine-translation garble, not the label on the screen");
        return true;
      }
    return false;
  }

  void numbers(const Piece& piece) {
    for (const auto& n : piece.text->numbers) {
      if (n.list == "characters")
        stated_length(piece, n);
      else if (n.list == "attempts" || (n.list == "times" && locks(piece, n)))
        stated_lockout(piece, n);
      else if (n.list == "questions")
        stated_questions(piece, n);
      else if (n.list == "methods")
        stated_methods(piece, n);
      else if (n.list == "verifications")
        stated_verifications(piece, n);
    }
    outdated_length_rule(piece);
  }

  // A finding on a stated number, where the reader sees it.
  void number_error(const char* rule, const Piece& piece, const Number& n, const std::string& message) {
    if (piece.shows(piece.text->clauses[static_cast<size_t>(n.clause)]))
      sink_.error(rule, piece.at(n.line), piece.id, message);
  }

  bool locks(const Piece& piece, const Number& n) const {
    const Clause& c = piece.text->clauses[static_cast<size_t>(n.clause)];
    return c.has("lockout");
  }

  bool equals(const Number& n, const char* placeholder, int value) const {
    return is_placeholder(n) ? n.token == placeholder : n.value == value;
  }

  // C05: a password length is the organisation's minimum, or a maximum Entra allows (at most 256).
  void stated_length(const Piece& piece, const Number& n) {
    if (equals(n, "policy.min-length", policy_.min_length)) return;
    if (n.maximum && n.value >= policy_.min_length && n.value <= 256) return;
    number_error("C05", piece, n,
                 "states a password " + std::string(n.maximum ? "maximum" : "length") + " of " + as_written(n) +
                     " characters; the organisation's minimum is " + std::to_string(policy_.min_length) +
                     (n.maximum ? " and Entra allows up to 256" : " (write {{policy.min-length}})"));
  }

  // C17: a number of attempts is the organisation's lockout threshold.
  void stated_lockout(const Piece& piece, const Number& n) {
    if (equals(n, "policy.lockout-threshold", policy_.lockout_threshold)) return;
    number_error("C17", piece, n,
                 "states a lockout after " + as_written(n) + " attempts; the organisation's threshold is " +
                     (policy_.lockout_threshold ? std::to_string(policy_.lockout_threshold) : "not stated") +
                     " (write {{policy.lockout-threshold}})");
  }

  // C14: either count of security questions may be named (registration tells how many are asked
  // at a reset), but a number written out must be the one this flow asks.
  void stated_questions(const Piece& piece, const Number& n) {
    sink_.ran("C14");
    const bool register_flow = m_.flow == "register";
    int value = register_flow ? policy_.questions_register : policy_.questions_reset;
    bool ok = is_placeholder(n) ? (n.token == "policy.questions-register" || n.token == "policy.questions-reset")
                                : n.value == value;
    if (ok) return;
    number_error("C14", piece, n,
                 "states " + as_written(n) + " security questions; " + (register_flow ? "registration" : "a reset") +
                     " asks " + std::to_string(value) + " (write {{policy.questions-" +
                     (register_flow ? "register" : "reset") + "}})");
  }

  // C14: "minstens 2 methoden" in a registration manual is the number the organisation requires.
  void stated_methods(const Piece& piece, const Number& n) {
    if (m_.flow != "register" || !n.minimum) return;
    states_how_many_ = true;
    if (equals(n, "policy.methods-required", policy_.methods_required)) return;
    number_error("C14", piece, n,
                 "asks to register at least " + as_written(n) + " methods; the organisation requires " +
                     std::to_string(policy_.methods_required) + " (write {{policy.methods-required}})");
  }

  // C02: "twee controles" is the number of verifications the organisation asks for.
  void stated_verifications(const Piece& piece, const Number& n) {
    if (m_.flow == "register" || m_.flow == "change") return;
    if (equals(n, "policy.methods-required", policy_.methods_required)) return;
    number_error("C02", piece, n,
                 "states " + as_written(n) + " verifications; the organisation asks for " +
                     std::to_string(policy_.methods_required) +
                     " (write {{policy.methods-required}} or a tip per count)");
  }

  // C14: a registration manual says how many methods to register.
  void registration_states_how_many() {
    if (m_.flow != "register") return;
    sink_.ran("C14");
    if (states_how_many_) return;
    sink_.error("C14", m_.steps.front().structure, m_.steps.front().id,
                "the registration manual never says how many methods to register (at least "
                "{{policy.methods-required}})");
  }

  // C05: the length rule Azure AD once had.
  void outdated_length_rule(const Piece& piece) {
    for (const auto& c : piece.text->clauses) {
      const std::string& phrase = c.phrase("outdated_length");
      if (!phrase.empty() && piece.shows(c))
        sink_.error("C05", piece.at(c.line), piece.id,
                    "\"" + phrase +
                        "\" is the old Azure AD length rule; Entra allows 8 to 256 characters and "
                        "the organisation's minimum is " +
                        std::to_string(policy_.min_length));
    }
  }

  // C11: phone numbers and e-mail addresses in the prose are the servicedesk's.
  void contacts(const Piece& piece) {
    const Servicedesk& desk = m_.org->servicedesk;
    for (const auto& [line, phone] : piece.text->phones)
      if (digits_of(phone) != digits_of(desk.phone))
        sink_.error("C11", piece.at(line), piece.id,
                    "phone number \"" + phone + "\" is written in the prose; the servicedesk's is \"" + desk.phone +
                        "\" (write {{desk.phone}} or {{desk.contact}})");
    for (const auto& [line, email] : piece.text->emails)
      if (email != ascii_lowercase(desk.email) && email != ascii_lowercase(m_.org->login_example))
        sink_.error("C11", piece.at(line), piece.id,
                    "e-mail address \"" + email + "\" is written in the prose; use {{desk.contact}}" +
                        " or {{org.login-example}}");
  }

  void links(const Piece& piece) {
    static const std::vector<std::string> legacy = {"myprofile.microsoft.com", "portal.office.com",
                                                    "myapps.microsoft.com", "account.activedirectory"};
    std::vector<std::pair<int, std::string>> urls = piece.text->urls;
    for (const auto& [line, name] : piece.text->placeholders) {
      if (name.rfind("link.", 0) == 0) {
        auto it = ctx_.project.content.urls.find(name.substr(5));
        if (it != ctx_.project.content.urls.end()) urls.push_back({line, it->second});
      }
      if (name == "flow.register" || name == "link.register" || name == "link.register-short")
        mentions_registration_ = true;
    }
    for (const auto& [line, url] : urls) {
      if (std::find(model_.urls.begin(), model_.urls.end(), url) != model_.urls.end()) entry_url_found_ = true;
      for (const auto& host : legacy)
        if (url.find(host) != std::string::npos)
          sink_.error("C12", piece.at(line), piece.id,
                      "\"" + url + "\" is a legacy address; use " +
                          (model_.urls.empty() ? "a current one" : model_.urls.front()));
    }
  }

  // For a choice of a method, the advice its screens need (C15, C23).
  void advice(const Piece& piece, const ResolvedPart& part) {
    if (part.kind != PartKind::choice) return;
    auto has = [&](Method m) { return std::find(part.methods.begin(), part.methods.end(), m) != part.methods.end(); };
    if (has(Method::sms) || has(Method::call)) {
      sink_.ran("C15");
      if (m_.flow != "register" && !uses(*piece.text, "policy.phone-format"))
        sink_.error("C15", part.prose, part.id,
                    "choice `" + part.id +
                        "` does not say how to type the phone number; write "
                        "{{policy.phone-format}} so it follows the organisation's phone_entry");
    }
    if (has(Method::email) && !mentions_any(*piece.text, "private"))
      sink_.error("C23", part.prose, part.id,
                  "choice `" + part.id +
                      "` does not say the code goes to the private (alternate) address, not the work address");
  }

  void check_entry_url() {
    if (model_.urls.empty() || entry_url_found_) return;
    sink_.error("C12", m_.steps.front().structure, m_.steps.front().id,
                "the " + m_.flow + " manual links none of its flow's addresses (" + model_.urls.front() + " …)");
  }

  const FlowCheckContext& ctx_;
  ProseRules::Cache& cache_;
  const Manual& m_;
  const FlowModel& model_;
  FindingSink& sink_;
  const Policy& policy_;
  const LabelIndex& labels_;
  const LabelIndex& english_;
  FactContext facts_;
  std::map<ProseRules::Cache::ReaderText, ProseText>& texts_;  // what the texts say, read with this manual's locale
  bool mentions_registration_ = false;
  bool entry_url_found_ = false;
  bool states_how_many_ = false;
};

}  // namespace

ProseRules::ProseRules(const FlowCheckContext& ctx) : ctx_(ctx), cache_(std::make_unique<Cache>()) {}
ProseRules::~ProseRules() = default;

void ProseRules::check(const Manual& manual, const FlowModel& model, FindingSink& sink) {
  ProseChecker(ctx_, *cache_, manual, model, sink).run();
}

void ProseRules::check_organisation(const Organisation& org, const std::string& locale, FindingSink& sink) {
  static const FlowModel no_flow;
  Manual texts;  // of no flow: the landing page's
  texts.org = &org;
  texts.locale = locale;
  ProseChecker(ctx_, *cache_, texts, no_flow, sink).organisation_texts();
}

}  // namespace manualgen
