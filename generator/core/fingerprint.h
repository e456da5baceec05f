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

/// The fingerprint of one input: a file (its path and bytes) or a folder (the relative path and
/// bytes of every file below it).
std::string fingerprint_path(const std::string& path);

/// One fingerprint of inputs already fingerprinted with fingerprint_path, and of the running
/// manualgen program itself: a new manualgen may render the same input differently.
std::string fingerprint_all(const std::vector<std::string>& path_fingerprints);

}  // namespace manualgen
