#pragma once

namespace CLI {
class App;
}

namespace manualgen {

/// Adds `manualgen override [--accept] FILE…`: copies shipped files into the project and records
/// which version each was copied from; its exit status goes to `status`.
void add_override_command(CLI::App& app, int& status);

}  // namespace manualgen
