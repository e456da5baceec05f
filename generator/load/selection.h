#pragma once
// The organisations and locales a command was asked for (`--org`, `--locale`), shared by `build`,
// `build --pdf` and `check flows`, so that all three choose and check names the same way.

#include <string>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

struct Project;

/// Which organisations and locales to work on; an empty list means all of them.
struct Selection {
  std::vector<std::string> orgs;     // organisation ids; empty: all
  std::vector<std::string> locales;  // locale tags; empty: all of each organisation's

  bool includes_org(const std::string& id) const;
  bool includes_locale(const std::string& tag) const;
  /// True when nothing was narrowed down: the whole site.
  bool everything() const { return orgs.empty() && locales.empty(); }

  /// Reports each name that is not an organisation of the config (with the nearest id, or the list
  /// of ids) or a locale of locales/. Returns false if there was one.
  bool validate(const Project& project, Diagnostics& diags) const;
};

}  // namespace manualgen
