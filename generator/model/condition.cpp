#include "generator/model/condition.h"

#include <string_view>

#include "generator/core/text.h"
#include "generator/model/policy.h"

namespace manualgen {

std::optional<Term> parse_term(const std::string& text, std::string& error) {
  Term t;
  t.text = text;
  using K = Term::Kind;
  if (text.rfind("method:", 0) == 0) {
    t.kind = K::method;
    std::string rest = text.substr(7);
    size_t start = 0;
    while (true) {
      size_t bar = rest.find('|', start);
      std::string id = rest.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      auto m = parse_method(id);
      if (!m) {
        error = "unknown method \"" + id + "\" in \"" + text + "\"; methods are " + join_quoted(all_method_ids());
        return std::nullopt;
      }
      t.methods.push_back(*m);
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    return t;
  }
  static const std::vector<std::pair<std::string, K>> plain = {{"unlock", K::unlock},
                                                               {"!unlock", K::no_unlock},
                                                               {"captcha-hint", K::captcha_hint},
                                                               {"phone:national", K::phone_national},
                                                               {"phone:international", K::phone_international},
                                                               {"lockout", K::lockout},
                                                               {"registrations", K::registrations},
                                                               {"windows-reset", K::windows_reset},
                                                               {"spare", K::spare}};
  for (const auto& [word, kind] : plain) {
    if (text == word) {
      t.kind = kind;
      return t;
    }
  }
  if (text.size() > 1 && text[0] == '!' && text != "!unlock") {
    auto inner = parse_term(text.substr(1), error);
    if (!inner) return std::nullopt;
    inner->text = text;
    inner->negated = !inner->negated;
    return inner;
  }
  if (text == "required:1" || text == "required:2") {
    t.kind = K::required;
    t.count = text.back() - '0';
    return t;
  }
  std::vector<std::string> words = {"method:<id>", "required:1", "required:2", "!<term>"};
  for (const auto& [word, kind] : plain) words.push_back(word);
  error = "unknown condition \"" + text + "\"; conditions are " + join_quoted(words);
  return std::nullopt;
}

namespace {

bool term_holds(const Term& term, const Policy& policy) {
  using K = Term::Kind;
  switch (term.kind) {
    case K::method:
      for (Method m : term.methods)
        if (policy.enabled(m)) return true;
      return false;
    case K::required:
      return policy.methods_required == term.count;
    case K::unlock:
      return policy.unlock;
    case K::no_unlock:
      return !policy.unlock;
    case K::captcha_hint:
      return policy.captcha_hint;
    case K::phone_national:
      return policy.phone_entry == PhoneEntry::national;
    case K::phone_international:
      return policy.phone_entry == PhoneEntry::international;
    case K::lockout:
      return policy.lockout_threshold > 0;
    case K::registrations:
      return !policy.register_first.empty();
    case K::windows_reset:
      return policy.windows_reset;
    case K::spare:
      // One more independent method than a reset needs: a spare for a lost phone.
      return count_gates(policy.methods) > policy.methods_required;
  }
  return false;
}

}  // namespace

bool holds(const Term& term, const Policy& policy) { return term_holds(term, policy) != term.negated; }

bool holds(const std::vector<Term>& terms, const Policy& policy) {
  for (const auto& t : terms)
    if (!holds(t, policy)) return false;
  return true;
}

std::optional<std::vector<Term>> parse_terms(std::string_view text, std::string& error) {
  std::vector<Term> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t space = text.find(' ', pos);
    std::string_view word = text.substr(pos, space == std::string_view::npos ? std::string_view::npos : space - pos);
    if (!word.empty()) {
      auto term = parse_term(std::string(word), error);
      if (!term) return std::nullopt;
      out.push_back(std::move(*term));
    }
    if (space == std::string_view::npos) break;
    pos = space + 1;
  }
  return out;
}

std::optional<bool> terms_hold(std::string_view text, const Policy& policy, std::string& error) {
  auto terms = parse_terms(text, error);
  if (!terms) return std::nullopt;
  return holds(*terms, policy);
}

}  // namespace manualgen
