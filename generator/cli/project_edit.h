#pragma once
// What `init` and `override` do to a project folder: they add files and never replace one.

#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// The paths of `paths` where something already is (a link to nothing too).
std::vector<std::string> existing_paths(const std::vector<std::string>& paths);

/// Writes `bytes` to `path`, making its folders; false, with an error at `path`, when it cannot.
bool write_project_file(const std::string& path, const std::string& bytes, Diagnostics& diags);

/// Reads the shipped file `path` (bounded as every input); nullopt, with an error, when it cannot.
std::optional<std::string> read_shipped_file(const std::string& path, Diagnostics& diags);

}  // namespace manualgen
