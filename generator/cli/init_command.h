#pragma once

namespace CLI {
class App;
}

namespace manualgen {

/// Adds `manualgen init [DIR]`: a new project from the base layer's project-template/; its exit
/// status goes to `status`.
void add_init_command(CLI::App& app, int& status);

}  // namespace manualgen
