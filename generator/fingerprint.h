#pragma once
// Fingerprints of the build's inputs (xxHash), so a rebuild renders only what changed.

#include <string>
#include <string_view>
#include <vector>

namespace manualgen {

/// 16 hex digits of XXH3-64 of `bytes`.
std::string fingerprint(std::string_view bytes);

/// Folds `more` into `fingerprint`.
std::string fingerprint_combine(const std::string& fingerprint, std::string_view more);

/// A fingerprint of every file below `folders` (their paths and contents; a path that is a file
/// counts as itself), and of the running manualgen program itself: a new manualgen may render the
/// same input differently.
std::string fingerprint_inputs(const std::vector<std::string>& folders);

}  // namespace manualgen
