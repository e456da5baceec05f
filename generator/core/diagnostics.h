#pragma once
// Problems found while loading and resolving, as values with a location. Nothing below `main`
// prints or exits: every stage appends here and the caller decides what to do.

#include <string>
#include <vector>

namespace manualgen {

enum class Severity { error, warning };

/// Where a problem is: a file, and inside it a line (1-based, 0 = unknown) and column, and for JSON
/// files the JSON pointer of the value (`/organisations/2/policy/methods/0`).
struct Location {
  Location() = default;
  Location(std::string file_, int line_ = 0, int column_ = 0, std::string pointer_ = {})
      : file(std::move(file_)), line(line_), column(column_), pointer(std::move(pointer_)) {}

  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;
};

struct Diagnostic {
  Severity severity = Severity::error;
  Location where;
  std::string message;  // what is wrong
  std::string hint;     // how to fix it; may be empty
};

class Diagnostics {
 public:
  void error(Location where, std::string message, std::string hint = {});
  void warning(Location where, std::string message, std::string hint = {});
  void add(Diagnostic d);
  void append(const Diagnostics& other);

  bool has_errors() const;
  int error_count() const;
  int warning_count() const;
  const std::vector<Diagnostic>& all() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

/// `file:line:col: error: message [at /pointer]` followed by `  hint: …` when there is a hint,
/// the shape compilers use so editors and CI annotate the line.
std::string format_diagnostic(const Diagnostic& d);

}  // namespace manualgen
