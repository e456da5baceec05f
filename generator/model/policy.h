#pragma once
// An organisation's self-service password policy: what its Entra tenant allows and what it tells
// its users. The config loader fills it; conditions, the resolver and the checks read it.

#include <vector>

#include "generator/model/method.h"

namespace manualgen {

enum class PhoneEntry { international, national };

struct Policy {
  std::vector<Method> methods;
  int methods_required = 1;
  bool unlock = false;
  int min_length = 8;
  int questions_register = 3;
  int questions_reset = 3;
  PhoneEntry phone_entry = PhoneEntry::international;
  bool captcha_hint = true;
  int lockout_threshold = 0;  // 0: the organisation states none
  std::vector<Method> register_first;
  // Windows shows "Reset password" on its sign-in screen (Intune or registry policy, D-WIN).
  bool windows_reset = false;
  // A manual for holders of administrator roles: Microsoft applies its own fixed policy to them
  // (two methods, no security questions), whatever the organisation set for its users.
  bool administrators = false;

  bool enabled(Method m) const;
};

}  // namespace manualgen
