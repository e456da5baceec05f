#pragma once
// What a build has to do, worked out before anything is written: which organisation × locales to
// render and which organisations are gone, from the previous build's state (build_state.h), the
// project's fingerprints and the `--org`/`--locale` selection.

#include <set>
#include <string>
#include <vector>

#include "generator/build/build.h"
#include "generator/build/build_state.h"

namespace manualgen {

/// One organisation × locale to render, and what came of it.
struct RenderTask {
  const Organisation* org;
  std::string locale;
  bool copy_logo = false;          // the organisation's first task also publishes its logo
  std::vector<std::string> paths;  // files produced
  int written = 0;
  bool failed = false;
  Diagnostics diags;
  std::set<FallbackUse> fallbacks;
};

struct BuildPlan {
  BuildState previous;  // as the last build of the output left it
  // The state after this build. Planning fills in the organisations that keep their pages, and
  // the files of the locales a rebuilt organisation keeps; the render adds the files it makes.
  BuildState next;
  bool same_inputs = false;              // the shared inputs are as the last build had them
  std::vector<const Organisation*> all;  // every organisation of the config, for the index
  std::vector<RenderTask> tasks;
  std::vector<std::string> gone;  // organisations removed from the config since the last build
  int organisations = 0;          // selected
};

/// Organisations asked for by name are rendered; the others only when their inputs (or the shared
/// inputs) changed since the output was last built. A state that cannot be trusted is a warning
/// in `diags`, and everything is rendered.
BuildPlan plan_build(const Project& project, const BuildOptions& options, Diagnostics& diags);

}  // namespace manualgen
