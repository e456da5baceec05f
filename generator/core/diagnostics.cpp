#include "generator/core/diagnostics.h"

#include <algorithm>

namespace manualgen {

void Diagnostics::error(Location where, std::string message, std::string hint) {
  add({Severity::error, std::move(where), std::move(message), std::move(hint)});
}

void Diagnostics::warning(Location where, std::string message, std::string hint) {
  add({Severity::warning, std::move(where), std::move(message), std::move(hint)});
}

void Diagnostics::add(Diagnostic d) { items_.push_back(std::move(d)); }

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

int Diagnostics::error_count() const {
  return static_cast<int>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

int Diagnostics::warning_count() const { return static_cast<int>(items_.size()) - error_count(); }

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.where.file.empty() ? std::string("manualgen") : d.where.file;
  if (d.where.line > 0) {
    out += ":" + std::to_string(d.where.line);
    if (d.where.column > 0) out += ":" + std::to_string(d.where.column);
  }
  out += d.severity == Severity::error ? ": error: " : ": warning: ";
  out += d.message;
  if (!d.where.pointer.empty()) out += " (at " + d.where.pointer + ")";
  if (!d.hint.empty()) out += "\n  hint: " + d.hint;
  return out;
}

}  // namespace manualgen
