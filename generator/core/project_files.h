#pragma once
// The project's folders as a whole: what manualgen reads must lie inside the project folder, and
// walking a folder never throws and never loops, whatever links it holds.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// One entry found below a folder by `walk_folder`.
struct FolderEntry {
  /// What the entry is once links are followed; `broken` is a link to nothing, a loop of links,
  /// or an entry whose type could not be read (`error` says which).
  enum class Kind { file, folder, other, broken };
  std::string relative;  // to the folder walked, with `/` between names
  Kind kind = Kind::other;
  bool link = false;  // the entry itself is a symbolic link
  std::string error;  // why it could not be followed, or why the folder could not be listed
};

/// Every entry below `folder` (not `folder` itself), depth first and in name order. A link to a
/// folder is walked into only when it leads inside `follow_within` (a folder; empty: never), and
/// every real folder once, so a link back up ends and a link to / does not walk the machine.
/// Never throws: problems are entries with `error` (a folder that cannot be listed; its `relative`
/// is empty when it is `folder` itself). Nothing for a `folder` that is not one.
std::vector<FolderEntry> walk_folder(const std::string& folder, const std::string& follow_within = {});

/// The entries of `folder` itself, in name order.
std::vector<FolderEntry> list_folder(const std::string& folder);

/// What is wrong with reading a path of the project, for a message.
struct PathProblem {
  std::string message;
  std::string hint;
};

/// The first component of `relative` (a path below `root`: "assets", "assets/logos",
/// "assets/logos/a.svg") that is a symbolic link leading outside `root`, or a loop of links;
/// nothing when the path may be read. A logo in a linked folder would otherwise be published
/// from wherever the folder's link points.
std::optional<PathProblem> path_problem(const std::string& root, const std::string& relative);

/// A file or folder of the project to check, relative to the project folder, and the location to
/// report a problem at (the config value naming it, or the file itself when empty). A function:
/// locations in a config are looked up only when a message needs one.
struct ProjectPath {
  std::string relative;
  std::function<Location()> where;
};

/// Reports every symbolic link at or below `paths` (and on the way to them) that leads outside
/// `root` or loops, and every folder there that cannot be read; false if there was one. The
/// theme's static files and the logos are published as they are, and prose and labels end up in
/// pages and messages: a link out of the project would publish whatever it points at
/// (/etc/passwd, a colleague's home folder). Links that stay inside the project are fine.
bool check_links_stay_inside(const std::string& root, const std::vector<ProjectPath>& paths, Diagnostics& diags);

}  // namespace manualgen
