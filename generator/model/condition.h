#pragma once
// The `when` terms of step definitions: which organisations a step, choice or tip applies to.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generator/model/method.h"

namespace manualgen {

struct Policy;

struct Term {
  enum class Kind {
    method,
    required,
    unlock,
    no_unlock,
    captcha_hint,
    phone_national,
    phone_international,
    lockout,
    registrations,
    windows_reset,
    spare
  };
  Kind kind = Kind::method;
  std::vector<Method> methods;  // for `method:a|b`
  int count = 0;                // for `required:N`
  std::string text;             // as written
  bool negated = false;         // `!term`: holds when the term does not
};

/// Parses one term (`!` before any term negates it); on failure returns nullopt and sets `error` to a message that
/// lists what is allowed.
std::optional<Term> parse_term(const std::string& text, std::string& error);

bool holds(const Term& term, const Policy& policy);
bool holds(const std::vector<Term>& terms, const Policy& policy);

/// Terms written in one string, separated by spaces: "method:sms required:2". On failure returns
/// nullopt and sets `error`.
std::optional<std::vector<Term>> parse_terms(std::string_view text, std::string& error);

/// Whether all the terms written in `text` hold for `policy`: the answer to a prose span's
/// `{{if TERMS}}`, for the generator and the checker alike. On terms that do not parse returns
/// nullopt and sets `error`.
std::optional<bool> terms_hold(std::string_view text, const Policy& policy, std::string& error);

}  // namespace manualgen
