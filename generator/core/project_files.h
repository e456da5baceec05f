#pragma once
// The project's folders as a whole: what manualgen reads must lie inside the project folder.

#include <functional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// A file or folder of the project to check, relative to the project folder, and the location to
/// report a problem at (the config value naming it, or the file itself when empty). A function:
/// locations in a config are looked up only when a message needs one.
struct ProjectPath {
  std::string relative;
  std::function<Location()> where;
};

/// Reports every symbolic link at or below `paths` that leads outside `root`. The theme's static
/// files and the logos are published as they are, and prose and labels end up in pages and
/// messages: a link out of the project would publish whatever it points at (/etc/passwd, a
/// colleague's home folder). Links that stay inside the project are fine.
void check_links_stay_inside(const std::string& root, const std::vector<ProjectPath>& paths, Diagnostics& diags);

}  // namespace manualgen
