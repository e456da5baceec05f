#include "generator/model/method.h"

#include <algorithm>
#include <set>

namespace manualgen {

const std::vector<std::string>& all_method_ids() {
  static const std::vector<std::string> ids = {
      "email", "sms", "call", "office_phone", "questions", "app_notification", "app_code"};
  return ids;
}

std::string_view method_id(Method m) { return all_method_ids()[static_cast<size_t>(m)]; }

std::optional<Method> parse_method(std::string_view id) {
  const auto& ids = all_method_ids();
  auto it = std::find(ids.begin(), ids.end(), id);
  if (it == ids.end()) return std::nullopt;
  return static_cast<Method>(it - ids.begin());
}

int method_gate(Method m) {
  switch (m) {
    case Method::sms:
    case Method::call:
      return 1;
    case Method::app_notification:
    case Method::app_code:
      return 2;
    case Method::email:
      return 3;
    case Method::office_phone:
      return 4;
    case Method::questions:
      return 5;
  }
  return 0;
}

int count_gates(const std::vector<Method>& methods) {
  std::set<int> gates;
  for (Method m : methods) gates.insert(method_gate(m));
  return static_cast<int>(gates.size());
}

}  // namespace manualgen
