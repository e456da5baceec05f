#pragma once
// The verification methods of Entra self-service password reset, as the config and content name them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace manualgen {

enum class Method { email, sms, call, office_phone, questions, app_notification, app_code };

std::string_view method_id(Method m);
std::optional<Method> parse_method(std::string_view id);
const std::vector<std::string>& all_method_ids();

/// Methods that verify the same thing count once when two are required: SMS and a call go to the
/// same mobile phone; the app notification and the app code are the same Authenticator app.
int method_gate(Method m);

/// Distinct gates among `methods`.
int count_gates(const std::vector<Method>& methods);

}  // namespace manualgen
