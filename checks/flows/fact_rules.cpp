#include "checks/flows/fact_rules.h"

#include <algorithm>
#include <map>

#include "generator/core/text.h"
#include "generator/load/site_config.h"

namespace manualgen {

bool Piece::shows(const Clause& clause) const {
  if (!html) return true;
  if (!shown_cache.read) {
    shown_cache.text = visible_text(title + " <br/> " + *html);
    shown_cache.words = word_views(shown_cache.text);
    shown_cache.read = true;
  }
  return clause_shown(clause, shown_cache.words);
}

namespace {

bool has(const std::vector<Method>& methods, Method m) {
  return std::find(methods.begin(), methods.end(), m) != methods.end();
}

bool only_calls(const Piece& p) {
  return !p.methods.empty() && std::all_of(p.methods.begin(), p.methods.end(),
                                           [](Method m) { return m == Method::call || m == Method::office_phone; });
}

bool on_captcha_screen(const FactContext& ctx, const Piece& p) {
  return std::any_of(p.screens.begin(), p.screens.end(), [&](const std::string& id) {
    const ModelState* s = ctx.model.state(id);
    return s && std::any_of(s->elements.begin(), s->elements.end(),
                            [](const ScreenElement& e) { return e.kind == ScreenElement::Kind::captcha; });
  });
}

std::string quoted(const Clause& c) {
  std::string t = c.text;
  t.erase(0, t.find_first_not_of(' '));
  return "\"" + t + "\"";
}

// What a clause names: a method ("sms", "telefoontje") or a gate ("je mobiele nummer": SMS or a
// call), with the word that names it.
struct Named {
  const Clause* clause;
  const std::string* word;
  std::vector<Method> methods;  // any of them
};

// Each rule below judges the clauses the reader sees; `affirms` is a clause that has a phrase of
// `list` and no negation.
class FactChecker {
 public:
  FactChecker(const FactContext& ctx, const Piece& piece)
      : ctx_(ctx),
        piece_(piece),
        flow_(ctx.manual.flow),
        policy_(ctx.manual.org->policy),
        on_captcha_screen_(on_captcha_screen(ctx, piece)) {}

  void run() {
    for (const auto& clause : piece_.text->clauses) {
      captcha_case(clause);
      call_key(clause);
      if (only_calls(piece_)) call_sends_no_text(clause);
      if (flow_ == "unlock") unlock_keeps_password(clause);
      if (flow_ == "change") change_needs_current_password(clause);
      if (flow_ != "change") email_goes_to_private_address(clause);
      verification_count(clause);
      same_gate_counts_as_one(clause);
    }
    call_answered_with_hash();
    number_matching_typed();
    methods_named_are_enabled();
  }

 private:
  const std::vector<std::string>& words(const std::string& list) const { return ctx_.words(list); }
  static const std::string& phrase(const Clause& c, const std::string& list) { return c.phrase(list); }
  static bool affirms(const Clause& c, const std::string& list) { return !c.negated && c.has(list); }
  void error(const char* rule, const Clause& c, const std::string& message) {
    if (piece_.shows(c)) ctx_.sink.error(rule, piece_.at(c.line), piece_.id, quoted(c) + ": " + message);
  }

  // C16: on the captcha's screen (or where the captcha is named) letter case is said not to matter.
  void captcha_case(const Clause& c) {
    if (!on_captcha_screen_ && !c.has("captcha")) return;
    if (affirms(c, "letter_case")) error("C16", c, "the captcha is not case-sensitive");
  }

  // C26: a call is answered with # (not *, not 1).
  void call_key(const Clause& c) {
    if (!c.has("press")) return;
    for (const auto& press : words("press")) {
      size_t at = c.text.find(ascii_lowercase(press) + " ");
      if (at == std::string::npos) continue;
      size_t start = at + press.size() + 1;
      std::string key = c.text.substr(start, c.text.find(' ', start) - start);
      while (!key.empty() && std::string(".,;:!?)").find(key.back()) != std::string::npos) key.pop_back();
      bool hash = std::find(words("hash_key").begin(), words("hash_key").end(), key) != words("hash_key").end();
      bool other_key =
          key.size() == 1 || !digits_of(key).empty() ||
          std::find(words("other_keys").begin(), words("other_keys").end(), key) != words("other_keys").end();
      if (!hash && other_key && key.find("{{") == std::string::npos)
        error("C26", c, "the call is answered with # (the hash key), not " + key);
    }
  }

  // C26: a choice for a call says to answer it with #, where the organisation has calls: a phone
  // choice of an organisation without them leaves the call out ({{if method:call}}).
  void call_answered_with_hash() {
    auto called = [&](Method m) { return has(piece_.methods, m) && policy_.enabled(m); };
    if (!called(Method::call) && !called(Method::office_phone)) return;
    if (piece_.kind != PartKind::choice) return;
    for (const auto& c : piece_.text->clauses)
      if (c.text.find('#') != std::string::npos || !phrase(c, "hash_key").empty()) return;
    ctx_.sink.error("C26", piece_.heading, piece_.id,
                    "choice `" + piece_.id + "` does not say to answer the call and press # (the hash key)");
  }

  // C26: a call sends no text message.
  void call_sends_no_text(const Clause& c) {
    if (affirms(c, "method:sms")) error("C26", c, "a call sends no text message; the reader answers it and presses #");
  }

  // C08: unlocking keeps the current password. A clause that links the reset flow names the other
  // way out, where a new password is chosen ("or choose a new password at {{flow.reset}}").
  void unlock_keeps_password(const Clause& c) {
    if (affirms(c, "new_password") && c.text.find("{{flow.reset}}") == std::string::npos)
      error("C08", c, "an unlock sets no new password: the reader signs in with the current one");
  }

  // C21: a change needs the current password and asks for no verification code.
  void change_needs_current_password(const Clause& c) {
    if (c.negated && !phrase(c, "current_password").empty() && !phrase(c, "needed").empty())
      error("C21", c, "a change needs the current password");
    if (affirms(c, "code"))
      error("C21", c, "a change asks for no verification code: the reader types the current password instead");
    if (affirms(c, "reuse") && !phrase(c, "current_password").empty())
      error("C21", c, "the new password must differ from the current one");
  }

  // C23: the e-mail code goes to the private address, never to the work mailbox. Outside the
  // e-mail choice (a note, a tip) a sentence that sends a code there says the same wrong thing.
  void email_goes_to_private_address(const Clause& c) {
    bool about_email = has(piece_.methods, Method::email) || !phrase(c, "code").empty();
    if (about_email && affirms(c, "work_address"))
      error("C23", c, "the code goes to the private (alternate) address, not to the work address");
  }

  // C02: "twee controles", "verificatiestap 2" only where the organisation asks for two.
  void verification_count(const Clause& c) {
    if (flow_ != "reset" && flow_ != "unlock" && !flow_.empty()) return;
    if (policy_.methods_required == 1 && !c.negated && !phrase(c, "second_verification").empty())
      error("C02", c, "the organisation asks for one verification; there is no second one");
    if (flow_.empty()) return;
    if (affirms(c, "choose") && !phrase(c, "same_method").empty() && phrase(c, "same_gate").empty())
      error("C03", c, "the second verification needs a different method than the first");
  }

  // C03: a sentence on how methods count says that SMS and a call (or the app's notification and
  // code) count as one.
  void same_gate_counts_as_one(const Clause& c) {
    if (phrase(c, "methods").empty()) return;
    bool phone = !phrase(c, "method:sms").empty() && !phrase(c, "method:call").empty();
    bool app = !phrase(c, "method:app").empty() && !phrase(c, "app_notification").empty() && !phrase(c, "code").empty();
    if ((phone || app) && (c.negated || phrase(c, "same_gate").empty()))
      error("C03", c,
            std::string(phone ? "a text message and a call to the same phone" : "the app's notification and code") +
                " count as one method");
  }

  // C18: the notification's choice says to type the number shown into the app.
  void number_matching_typed() {
    if (!has(piece_.methods, Method::app_notification) || flow_ == "register" || piece_.kind != PartKind::choice)
      return;
    for (const auto& c : piece_.text->clauses)
      if (!c.negated && !phrase(c, "number").empty() && !phrase(c, "type").empty()) return;
    ctx_.sink.error("C18", piece_.heading, piece_.id,
                    "choice `" + piece_.id +
                        "` does not say to type the number shown on screen into the Authenticator app (number "
                        "matching)");
  }

  void methods_named_are_enabled();
  std::vector<Named> methods_named(const Clause& c) const;
  std::string enabled_methods() const;
  // The words of those of `named` that the organisation does not enable.
  std::vector<std::string> disabled_in(const std::vector<Named>& named) const;

  const FactContext& ctx_;
  const Piece& piece_;
  const std::string& flow_;
  const Policy& policy_;
  bool on_captcha_screen_;
};

std::vector<Named> FactChecker::methods_named(const Clause& c) const {
  static const std::map<std::string, std::vector<Method>, std::less<>> lists = {
      {"method:email", {Method::email}},
      {"method:sms", {Method::sms}},
      {"method:call", {Method::call}},
      {"method:phone", {Method::sms, Method::call}},
      {"method:office_phone", {Method::office_phone}},
      {"method:questions", {Method::questions}},
      {"method:app", {Method::app_notification, Method::app_code}}};
  std::vector<Named> out;
  if (c.methods.empty() || c.has("servicedesk") || c.text.find("{{desk.") != std::string::npos) return out;
  for (const auto& [list, found] : c.methods) {
    auto it = lists.find(list);
    if (it == lists.end()) continue;
    // In the office phone's own choice, "je wordt gebeld" is that phone's call.
    bool office_call = list == "method:call" && has(piece_.methods, Method::office_phone);
    out.push_back({&c, &found, office_call ? std::vector<Method>{Method::office_phone} : it->second});
  }
  return out;
}

// C27: a sentence or list item names only methods the organisation enables. One that names only
// others is an error; one that names them as examples or beside an enabled one is a warning.
void FactChecker::methods_named_are_enabled() {
  const auto& clauses = piece_.text->clauses;
  for (size_t i = 0; i < clauses.size();) {
    size_t end = i;
    std::vector<Named> named;
    bool example = false;
    for (; end < clauses.size() && clauses[end].unit == clauses[i].unit; ++end) {
      auto more = methods_named(clauses[end]);
      if (more.empty() || disabled_in(more).empty() || piece_.shows(clauses[end]))
        named.insert(named.end(), more.begin(), more.end());
      example = example || clauses[end].has("example");
    }
    std::vector<std::string> off;
    const Clause* first_off = nullptr;
    bool some_enabled = false;
    for (const Named& n : named) {
      bool enabled = std::any_of(n.methods.begin(), n.methods.end(), [&](Method m) { return policy_.enabled(m); });
      some_enabled = some_enabled || enabled;
      if (enabled) continue;
      off.push_back(*n.word);
      if (!first_off) first_off = n.clause;
    }
    if (first_off)
      ctx_.sink.add("C27", some_enabled || example ? Severity::warning : Severity::error, piece_.at(first_off->line),
                    piece_.id,
                    quoted(*first_off) + " names " + join_quoted(off, " and ") +
                        ", a method the organisation does not enable (enabled: " + enabled_methods() + ")");
    i = end;
  }
}

std::vector<std::string> FactChecker::disabled_in(const std::vector<Named>& named) const {
  std::vector<std::string> off;
  for (const Named& n : named)
    if (std::none_of(n.methods.begin(), n.methods.end(), [&](Method m) { return policy_.enabled(m); }))
      off.push_back(*n.word);
  return off;
}

std::string FactChecker::enabled_methods() const {
  std::string out;
  for (Method m : policy_.methods) out += (out.empty() ? "" : ", ") + std::string(method_id(m));
  return out;
}

}  // namespace

void check_stated_facts(const FactContext& ctx, const Piece& piece) { FactChecker(ctx, piece).run(); }

std::vector<std::string> fact_rules_run(const std::string& flow) {
  std::vector<std::string> rules = {"C16", "C26", "C27"};
  if (flow == "reset" || flow == "unlock") rules.insert(rules.end(), {"C02", "C03", "C18", "C23"});
  if (flow == "unlock") rules.push_back("C08");
  if (flow == "change") rules.push_back("C21");
  return rules;
}

}  // namespace manualgen
