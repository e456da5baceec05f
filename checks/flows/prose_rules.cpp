// Rules on what the prose says: labels named, policy values stated, links, contacts, advice.
// They read the Markdown source of each part (so findings point at its line), with the numeric
// policy placeholders standing for the organisation's values.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "checks/flows/flow_checker.h"
#include "generator/core/text.h"
#include "generator/load/site_config.h"

namespace manualgen {

namespace {

// Lowercase, trimmed, without trailing punctuation or the "*" of required fields.
std::string normalize(const std::string& s) {
  std::string out = ascii_lowercase(s);
  out.erase(0, out.find_first_not_of(" \t"));
  while (!out.empty() && std::string(" \t.:*!?,;").find(out.back()) != std::string::npos) out.pop_back();
  return out;
}

struct Emphasis {
  int line;
  std::string text;
};

struct Number {
  int line;
  std::string token;  // digits, or the name of a policy placeholder
  std::string list;   // the vocabulary list of the word that follows
};

// What a section's source says, independent of the organisation.
struct SectionFacts {
  std::vector<std::string> lines;  // lowercase
  std::vector<Emphasis> emphasis;  // **bold** and "quoted" text
  std::vector<Number> numbers;
  std::vector<std::pair<int, std::string>> placeholders;
  std::vector<std::pair<int, std::string>> urls;    // literal http(s) URLs
  std::vector<std::pair<int, std::string>> phones;  // digit runs that look like a phone number
  std::vector<std::pair<int, std::string>> emails;
};

void find_delimited(const std::string& line, const std::string& open, const std::string& close, int number,
                    std::vector<Emphasis>& out) {
  for (size_t pos = 0; (pos = line.find(open, pos)) != std::string::npos;) {
    size_t end = line.find(close, pos + open.size());
    if (end == std::string::npos) break;
    std::string inner = line.substr(pos + open.size(), end - pos - open.size());
    if (!inner.empty() && inner.find("{{") == std::string::npos) out.push_back({number, inner});
    pos = end + close.size();
  }
}

std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  std::string word;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) || c == '{' || c == '}' || c == '.' || c == '-') {
      word += c;
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

std::string digits_of(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  return out;
}

void find_emphasis(const std::string& line, int number, std::vector<Emphasis>& out) {
  find_delimited(line, "**", "**", number, out);
  find_delimited(line, "\xE2\x80\x9C", "\xE2\x80\x9D", number, out);  // “ ”
  find_delimited(line, "\"", "\"", number, out);
}

void find_placeholders(const std::string& line, int number, std::vector<std::pair<int, std::string>>& out) {
  for (size_t pos = 0; (pos = line.find("{{", pos)) != std::string::npos;) {
    size_t end = line.find("}}", pos);
    if (end == std::string::npos) break;
    out.push_back({number, line.substr(pos + 2, end - pos - 2)});
    pos = end + 2;
  }
}

void find_urls(const std::string& line, int number, std::vector<std::pair<int, std::string>>& out) {
  for (size_t pos = 0; (pos = line.find("http", pos)) != std::string::npos;) {
    size_t end = line.find_first_of(" )>\"'", pos);
    std::string url = line.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    while (!url.empty() && std::string(".,;:!?").find(url.back()) != std::string::npos) url.pop_back();
    if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) out.push_back({number, url});
    pos += 4;
  }
}

// A number (or numeric policy placeholder) followed within three words by a word of one of the
// vocabulary's lists: "12 tekens", "{{policy.lockout-threshold}} attempts".
void find_numbers(const std::string& line, int number, const std::string& locale, const Vocabulary& vocab,
                  std::vector<Number>& out) {
  static const std::vector<std::string> lists = {"characters", "attempts", "questions"};
  auto words = words_of(line);
  for (size_t w = 0; w < words.size(); ++w) {
    const std::string& token = words[w];
    bool digits =
        std::all_of(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    bool placeholder = token.rfind("{{policy.", 0) == 0;
    if (token.find('@') != std::string::npos || token.empty() || !(digits || placeholder)) continue;
    for (size_t k = w + 1; k < words.size() && k <= w + 3; ++k) {
      std::string next = ascii_lowercase(words[k]);
      for (const auto& list : lists)
        for (const auto& word : vocab.words(locale, list))
          if (next.rfind(word, 0) == 0)
            out.push_back({number, placeholder ? token.substr(2, token.size() - 4) : token, list});
    }
  }
}

// Phone numbers: 9+ digits with spaces or dashes, not a mobile example (06…, +31 6…).
void find_phones(const std::string& line, int number, std::vector<std::pair<int, std::string>>& out) {
  auto digit = [&](size_t i) { return std::isdigit(static_cast<unsigned char>(line[i])) != 0; };
  for (size_t pos = 0; pos < line.size();) {
    if (!(digit(pos) || line[pos] == '+') || (pos > 0 && std::isalnum(static_cast<unsigned char>(line[pos - 1])))) {
      ++pos;
      continue;
    }
    size_t end = pos;
    while (end < line.size() &&
           (digit(end) || line[end] == ' ' || line[end] == '-' || (end == pos && line[end] == '+')))
      ++end;
    std::string run = line.substr(pos, end - pos);
    std::string digits = digits_of(run);
    bool mobile_example = digits.rfind("06", 0) == 0 || digits.rfind("316", 0) == 0;
    if (digits.size() >= 9 && !mobile_example) out.push_back({number, run});
    pos = end + 1;
  }
}

void find_emails(const std::string& line, int number, std::vector<std::pair<int, std::string>>& out) {
  for (size_t at = line.find('@'); at != std::string::npos; at = line.find('@', at + 1)) {
    size_t start = line.find_last_of(" (<[\t", at);
    start = start == std::string::npos ? 0 : start + 1;
    size_t end = line.find_first_of(" )>]\t,", at);
    std::string email = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
    while (!email.empty() && (email.back() == '.' || email.back() == '*')) email.pop_back();
    if (email.find("{{") == std::string::npos && email.find('.') != std::string::npos) out.push_back({number, email});
  }
}

SectionFacts extract(const ProseSection& s, const std::string& locale, const Vocabulary& vocab) {
  SectionFacts f;
  std::istringstream in(s.body);
  std::string line;
  for (int i = 0; std::getline(in, line); ++i) {
    int number = s.body_line + i;
    f.lines.push_back(ascii_lowercase(line));
    find_emphasis(line, number, f.emphasis);
    find_placeholders(line, number, f.placeholders);
    find_urls(line, number, f.urls);
    find_numbers(line, number, locale, vocab, f.numbers);
    find_phones(line, number, f.phones);
    find_emails(line, number, f.emails);
  }
  return f;
}

bool mentions_any(const SectionFacts& f, const std::vector<std::string>& words) {
  for (const auto& line : f.lines)
    for (const auto& w : words)
      if (line.find(ascii_lowercase(w)) != std::string::npos) return true;
  return false;
}

bool uses(const SectionFacts& f, const std::string& placeholder) {
  return std::any_of(f.placeholders.begin(), f.placeholders.end(),
                     [&](const auto& p) { return p.second == placeholder; });
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
  std::map<std::pair<const ProseSection*, std::string>, SectionFacts> facts;
  std::map<std::string, LabelIndex> labels;
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
        english_(m.locale.rfind("en", 0) == 0 ? no_labels() : cache.index(ctx.project.locales, "en")) {}

  void run() {
    for (const char* rule : {"C05", "C06", "C07", "C11", "C12", "C16", "C17", "C20"}) sink_.ran(rule);
    if (m_.flow == "reset" || m_.flow == "unlock") sink_.ran("C13");
    if (m_.prose && m_.prose->intro.find("{{flow.register}}") != std::string::npos) mentions_registration_ = true;
    for (const auto& step : m_.steps) visit(step, nullptr);
    check_entry_url();
    if ((m_.flow == "reset" || m_.flow == "unlock") && !mentions_registration_)
      sink_.error("C13", m_.steps.front().structure, m_.steps.front().id,
                  "the " + m_.flow +
                      " manual never says that security info must be registered first "
                      "(link {{flow.register}})");
  }

 private:
  const SectionFacts& facts(const ProseSection& s) {
    auto key = std::make_pair(&s, m_.locale.substr(0, m_.locale.find('-')));
    auto it = cache_.facts.find(key);
    if (it == cache_.facts.end()) it = cache_.facts.emplace(key, extract(s, m_.locale, ctx_.vocabulary)).first;
    return it->second;
  }

  Location at(const ResolvedPart& p, int line) const { return {p.section->heading.file, line}; }

  void visit(const ResolvedPart& part, const ResolvedPart* parent) {
    if (part.section) {
      const SectionFacts& f = facts(*part.section);
      std::vector<std::string> screens = part.screens;
      if (parent) screens.insert(screens.end(), parent->screens.begin(), parent->screens.end());
      emphasis(part, f, screens);
      numbers(part, f);
      contacts(part, f);
      links(part, f);
      advice(part, f);
      for (const auto& l : part.labels)
        if (l.tag == "mt")
          sink_.warning("C07", part.prose, part.id,
                        "label {{ui." + l.key + "}} (\"" + l.text + "\" on " + l.screen +
                            ") is known only from a machine translation; confirm it against the real screen");
    }
    for (const auto& t : part.tips) visit(t, &part);
    for (const auto& c : part.choices) visit(c, &part);
  }

  // Emphasised text is a label (C06, C07), an English label (C20) or a known garble (C07).
  void emphasis(const ResolvedPart& part, const SectionFacts& f, const std::vector<std::string>& screens) {
    for (const auto& e : f.emphasis) {
      std::string t = normalize(e.text);
      if (auto hit = labels_.find(t); hit != labels_.end())
        label_named(part, e, screens, hit->second);
      else if (english_.count(t))
        sink_.error("C20", at(part, e.line), part.id,
                    "\"" + e.text + "\" is an English label in a " + m_.locale + " manual");
      else
        garbled_label(part, e, t);
    }
  }

  // C07 when the label is on one of the step's screens (write it as a placeholder), C06 when it
  // belongs to other screens only.
  void label_named(const ResolvedPart& part, const Emphasis& e, const std::vector<std::string>& screens,
                   const std::vector<std::pair<std::string, std::string>>& on) {
    auto here = std::find_if(on.begin(), on.end(), [&](const auto& sk) {
      return std::find(screens.begin(), screens.end(), sk.first) != screens.end();
    });
    if (here != on.end()) {
      sink_.warning("C07", at(part, e.line), part.id,
                    "\"" + e.text + "\" is typed as text; write {{ui." + here->second +
                        "}} so it follows the label catalog of " + here->first);
      return;
    }
    std::string where;
    for (const auto& [screen, key] : on) where += (where.empty() ? "" : ", ") + screen;
    std::string mine;
    for (const auto& s : screens) mine += (mine.empty() ? "" : ", ") + s;
    sink_.error("C06", at(part, e.line), part.id,
                "step `" + part.id + "` names \"" + e.text + "\", a label of " + where + ", but the step is on " +
                    (mine.empty() ? "no screen" : mine));
  }

  // C07: text a machine translation made of a label.
  void garbled_label(const ResolvedPart& part, const Emphasis& e, const std::string& normalized) {
    for (const auto& g : ctx_.vocabulary.words(m_.locale, "garbled"))
      if (normalized == normalize(g))
        sink_.warning("C07", at(part, e.line), part.id,
                      "\"" + e.text + "\" is a machine-translation garble, not the label on the screen");
  }

  void numbers(const ResolvedPart& part, const SectionFacts& f) {
    for (const auto& n : f.numbers) {
      if (n.list == "characters")
        stated_length(part, n);
      else if (n.list == "attempts")
        stated_lockout(part, n);
      else if (n.list == "questions")
        stated_questions(part, n);
    }
    outdated_length_rule(part, f);
  }

  static bool is_placeholder(const Number& n) { return n.token.rfind("policy.", 0) == 0; }
  static std::string as_written(const Number& n) { return is_placeholder(n) ? "{{" + n.token + "}}" : n.token; }

  // C05: a password length is the organisation's minimum.
  void stated_length(const ResolvedPart& part, const Number& n) {
    if (is_placeholder(n) ? n.token == "policy.min-length" : std::stoi(n.token) == policy_.min_length) return;
    sink_.error("C05", at(part, n.line), part.id,
                "states a password length of " + as_written(n) + " characters; the organisation's minimum is " +
                    std::to_string(policy_.min_length) + " (write {{policy.min-length}})");
  }

  // C17: a number of attempts is the organisation's lockout threshold.
  void stated_lockout(const ResolvedPart& part, const Number& n) {
    if (is_placeholder(n) ? n.token == "policy.lockout-threshold" : std::stoi(n.token) == policy_.lockout_threshold)
      return;
    sink_.error("C17", at(part, n.line), part.id,
                "states a lockout after " + as_written(n) + " attempts; the organisation's threshold is " +
                    (policy_.lockout_threshold ? std::to_string(policy_.lockout_threshold) : "not stated") +
                    " (write {{policy.lockout-threshold}})");
  }

  // C14: either count of security questions may be named (registration tells how many are asked
  // at a reset), but a number written out must be the one this flow asks.
  void stated_questions(const ResolvedPart& part, const Number& n) {
    sink_.ran("C14");
    const bool register_flow = m_.flow == "register";
    int value = register_flow ? policy_.questions_register : policy_.questions_reset;
    bool ok = is_placeholder(n) ? (n.token == "policy.questions-register" || n.token == "policy.questions-reset")
                                : std::stoi(n.token) == value;
    if (ok) return;
    sink_.error("C14", at(part, n.line), part.id,
                "states " + as_written(n) + " security questions; " + (register_flow ? "registration" : "a reset") +
                    " asks " + std::to_string(value) + " (write {{policy.questions-" +
                    (register_flow ? "register" : "reset") + "}})");
  }

  // C05: the length rule Azure AD once had.
  void outdated_length_rule(const ResolvedPart& part, const SectionFacts& f) {
    for (const auto& [line, phrase] : phrases(part, f, "outdated_length"))
      sink_.error("C05", at(part, line), part.id,
                  "\"" + phrase +
                      "\" is the old Azure AD length rule; Entra allows 8 to 256 characters and "
                      "the organisation's minimum is " +
                      std::to_string(policy_.min_length));
  }

  // The lines of the section (by number) that contain a phrase of the vocabulary list `list`, with
  // that phrase; a line with two phrases comes twice.
  std::vector<std::pair<int, std::string>> phrases(const ResolvedPart& part, const SectionFacts& f,
                                                   const std::string& list) const {
    std::vector<std::pair<int, std::string>> out;
    for (size_t i = 0; i < f.lines.size(); ++i)
      for (const auto& phrase : ctx_.vocabulary.words(m_.locale, list))
        if (f.lines[i].find(ascii_lowercase(phrase)) != std::string::npos)
          out.push_back({part.section->body_line + static_cast<int>(i), phrase});
    return out;
  }

  // C11: phone numbers and e-mail addresses in the prose are the servicedesk's.
  void contacts(const ResolvedPart& part, const SectionFacts& f) {
    const Servicedesk& desk = m_.org->servicedesk;
    for (const auto& [line, phone] : f.phones)
      if (digits_of(phone) != digits_of(desk.phone))
        sink_.error("C11", at(part, line), part.id,
                    "phone number \"" + phone + "\" is written in the prose; the servicedesk's is \"" + desk.phone +
                        "\" (write {{desk.phone}} or {{desk.contact}})");
    for (const auto& [line, email] : f.emails)
      if (email != ascii_lowercase(desk.email))
        sink_.error("C11", at(part, line), part.id,
                    "e-mail address \"" + email + "\" is written in the prose; use {{desk.contact}}" +
                        " or {{org.login-example}}");
  }

  void links(const ResolvedPart& part, const SectionFacts& f) {
    static const std::vector<std::string> legacy = {"myprofile.microsoft.com", "portal.office.com",
                                                    "myapps.microsoft.com", "account.activedirectory"};
    std::vector<std::pair<int, std::string>> urls = f.urls;
    for (const auto& [line, name] : f.placeholders) {
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
          sink_.error("C12", at(part, line), part.id,
                      "\"" + url + "\" is a legacy address; use " +
                          (model_.urls.empty() ? "a current one" : model_.urls.front()));
    }
  }

  // C16, and for a choice of a method the advice its screens need (C15, C18, C23).
  void advice(const ResolvedPart& part, const SectionFacts& f) {
    for (const auto& [line, claim] : phrases(part, f, "case_claims"))
      sink_.error("C16", at(part, line), part.id, "\"" + claim + "\": the captcha is not case-sensitive");
    if (part.kind != PartKind::choice) return;
    auto has = [&](Method m) { return std::find(part.methods.begin(), part.methods.end(), m) != part.methods.end(); };
    if (has(Method::sms) || has(Method::call)) {
      sink_.ran("C15");
      if (m_.flow != "register" && !uses(f, "policy.phone-format"))
        sink_.error("C15", part.prose, part.id,
                    "choice `" + part.id +
                        "` does not say how to type the phone number; write "
                        "{{policy.phone-format}} so it follows the organisation's phone_entry");
    }
    if (has(Method::app_notification) && m_.flow != "register")
      choice_mentions("C18", part, f, "number",
                      "does not mention number matching: the user types the number shown on screen into the "
                      "Authenticator app");
    if (has(Method::email))
      choice_mentions("C23", part, f, "private",
                      "does not say the code goes to the private (alternate) address, not the work address");
  }

  // `rule`: the choice's prose uses a word of the vocabulary list `words`; else it `fails`.
  void choice_mentions(const char* rule, const ResolvedPart& part, const SectionFacts& f, const std::string& words,
                       const std::string& fails) {
    sink_.ran(rule);
    if (!mentions_any(f, ctx_.vocabulary.words(m_.locale, words)))
      sink_.error(rule, part.prose, part.id, "choice `" + part.id + "` " + fails);
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
  bool mentions_registration_ = false;
  bool entry_url_found_ = false;
};

}  // namespace

ProseRules::ProseRules(const FlowCheckContext& ctx) : ctx_(ctx), cache_(std::make_unique<Cache>()) {}
ProseRules::~ProseRules() = default;

void ProseRules::check(const Manual& manual, const FlowModel& model, FindingSink& sink) {
  ProseChecker(ctx_, *cache_, manual, model, sink).run();
}

}  // namespace manualgen
