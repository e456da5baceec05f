#pragma once
// The `when` terms of step definitions: which organisations a step, choice or tip applies to.

#include <optional>
#include <string>
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
    registrations
  };
  Kind kind = Kind::method;
  std::vector<Method> methods;  // for `method:a|b`
  int count = 0;                // for `required:N`
  std::string text;             // as written
};

/// Parses one term; on failure returns nullopt and sets `error` to a message that lists what is allowed.
std::optional<Term> parse_term(const std::string& text, std::string& error);

bool holds(const Term& term, const Policy& policy);
bool holds(const std::vector<Term>& terms, const Policy& policy);

}  // namespace manualgen
