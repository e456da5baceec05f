#pragma once
// What `manualgen --version` prints: the release and the commit the program was built from.

#include <string>

namespace manualgen {

/// "manualgen 0.1.0 (commit 2a9e4e1c3d5f)"; the commit ends in "-dirty" when tracked files differed
/// from it, and is "unknown" for a build outside a git checkout.
std::string version_text();

}  // namespace manualgen
