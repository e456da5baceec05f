#pragma once
// `manualgen build`. Each command adds itself to the CLI; `main` only wires them.

namespace CLI {
class App;
}

namespace manualgen {

/// Adds `manualgen build`; when it runs, its exit status is stored in `status`.
void add_build_command(CLI::App& app, int& status);

}  // namespace manualgen
