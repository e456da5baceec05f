#pragma once
// The base layer: the content, locales, themes and link rules manualgen ships, under which every
// project is looked up (project_lookup.h).

#include <string>

namespace manualgen {

/// Where the base layer is, and what decided it (for `build -v`).
struct BaseLayer {
  std::string dir;
  std::string how;
};

/// The first of: `$MANUALGEN_BASE` when set (tests, or a base layer of one's own); `share/manualgen`
/// beside the program's `bin/` (an installed or unpacked manualgen, wherever its prefix is); the
/// source tree when the program runs from its build tree; the install prefix it was built for.
BaseLayer find_base_layer();

}  // namespace manualgen
