#pragma once
// `.manualgen-overrides.json` in a project: for each file `manualgen override` copied from the base
// layer, the version of the shipped file it was copied from (a fingerprint of its bytes). A record
// beside the files rather than a comment in each: JSON files have no comments, a header in a prose
// file would end up on the page, and the copy stays byte for byte the shipped file until edited.
// When a later manualgen ships another version, the build says the override is older.

#include <map>
#include <optional>
#include <string>

#include "generator/core/diagnostics.h"
#include "generator/core/project_lookup.h"

namespace manualgen {

inline constexpr const char* kOverridesFile = ".manualgen-overrides.json";

/// One override: the fingerprint of the shipped file it follows, and the release that shipped it.
struct Override {
  std::string shipped;
  std::string release;
};

/// The project's overrides by relative path ("content/nl/reset.md").
using Overrides = std::map<std::string, Override>;

/// The project's record; empty when it has none, nullopt (with errors) when it cannot be read.
std::optional<Overrides> read_overrides(const ProjectFiles& files, Diagnostics& diags);

/// The record as manualgen writes it.
std::string overrides_text(const Overrides& overrides);

/// The fingerprint of the shipped file `relative`, or nullopt when the base layer has none.
std::optional<std::string> shipped_version(const ProjectFiles& files, const std::string& relative);

/// Warns of every override whose shipped file is no longer the version it was made from, or is no
/// longer shipped; overrides whose file the project no longer has are not overrides any more.
void check_overrides(const ProjectFiles& files, Diagnostics& diags);

}  // namespace manualgen
