#pragma once
// `manualgen build`. Each command adds itself to the CLI; `main` only wires them. The build and
// the watch loop are shared with `manualgen serve`.

#include <functional>
#include <string>
#include <vector>

#include "generator/build/build.h"
#include "generator/core/diagnostics.h"
#include "generator/publish/pdf_publisher.h"

namespace CLI {
class App;
}

namespace manualgen {

/// Adds `manualgen build`; when it runs, its exit status is stored in `status`.
void add_build_command(CLI::App& app, int& status);

/// What a build prints besides its diagnostics: everything (`verbose`), only problems (`quiet`),
/// a progress bar on a terminal (`progress`).
struct BuildPrinting {
  bool verbose = false;
  bool quiet = false;
  bool progress = false;
};

/// One build as `manualgen build` runs it, printing its diagnostics and summary; returns the exit
/// status. `diags` keeps the diagnostics (serve shows them in the page); `inputs` gets the files
/// and folders the build read, and is left as it was when the config could not be read at all.
int run_build(const BuildOptions& options, const PdfOptions& pdf_options, const BuildPrinting& printing,
              std::vector<std::string>& inputs, Diagnostics& diags);

/// `build --watch`: `build(inputs)`, then polls the inputs it named and builds again whenever their
/// bytes change, until the process is interrupted (Ctrl-C). Polling hashes a few hundred small
/// files; it needs no inotify and sees changes made through symbolic links, editors that replace
/// files, and network folders.
[[noreturn]] void watch_inputs(const std::string& config, int interval_ms,
                               const std::function<void(std::vector<std::string>& inputs)>& build);

}  // namespace manualgen
