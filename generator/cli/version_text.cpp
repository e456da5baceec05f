#include "generator/cli/version_text.h"

#include "generator/core/version.h"
// Written at build time by commit_header.cmake; only this file includes it, so a new commit
// recompiles this file alone.
#include "manualgen_commit.h"

namespace manualgen {

std::string version_text() { return std::string("manualgen ") + kVersion + " (commit " + MANUALGEN_COMMIT + ")"; }

}  // namespace manualgen
