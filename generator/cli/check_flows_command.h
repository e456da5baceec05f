#pragma once

namespace CLI {
class App;
}

namespace manualgen {

/// Adds `manualgen check flows` to the `check` command; its exit status goes to `status`.
void add_check_flows_command(CLI::App& check, int& status);

}  // namespace manualgen
