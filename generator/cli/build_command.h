#pragma once
// Each command adds itself to the CLI; `main` only wires them. Exit codes everywhere:
// 0 ok, 1 checks found problems, 2 bad input or usage.

#include "generator/diagnostics.h"

namespace CLI {
class App;
}

namespace manualgen {

inline constexpr int kExitOk = 0;
inline constexpr int kExitProblems = 1;
inline constexpr int kExitBadInput = 2;

/// Adds `manualgen build`; when it runs, its exit status is stored in `status`.
void add_build_command(CLI::App& app, int& status);

/// Prints diagnostics to stderr sorted by file and line, each distinct message once. Returns how
/// many distinct errors it printed (organisations sharing a prose file each report its mistakes).
int print_diagnostics(const Diagnostics& diags);

}  // namespace manualgen
