#pragma once
// `manualgen serve`: builds, serves the site on 127.0.0.1, builds again on every change and
// reloads the open pages; a failed build is shown in them until the next good one.

namespace CLI {
class App;
}

namespace manualgen {

/// Adds `manualgen serve`; when it ends (only when it cannot start), its exit status is in `status`.
void add_serve_command(CLI::App& app, int& status);

}  // namespace manualgen
