#include "generator/core/project_files.h"

#include <filesystem>

namespace manualgen {

namespace fs = std::filesystem;

void check_links_stay_inside(const std::string& root, const std::vector<ProjectPath>& paths, Diagnostics& diags) {
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(fs::absolute(root), ec);
  auto shown = [&](const fs::path& p) {
    return root == "." ? p.lexically_normal().string() : (fs::path(root) / p).lexically_normal().string();
  };
  // False, with an error, when `relative` is a link that leads outside the project.
  auto check = [&](const fs::path& relative, const std::function<Location()>& where) {
    std::error_code error;
    fs::path link = fs::path(root) / relative;
    if (!fs::is_symlink(link, error)) return true;
    // Where the link leads, judged even when the target does not exist (yet).
    fs::path target = fs::read_symlink(link, error);
    if (target.is_relative()) target = fs::absolute(link).parent_path() / target;
    fs::path inside = fs::weakly_canonical(target, error).lexically_relative(base);
    if (!error && !inside.empty() && *inside.begin() != "..") return true;
    diags.error(where ? where() : Location{shown(relative)},
                "\"" + shown(relative) + "\" is a symbolic link to \"" + fs::read_symlink(link, error).string() +
                    "\", outside the project folder",
                "copy what it points at into the project, or make the link point inside it: manualgen reads and "
                "publishes only the project's own files");
    return false;
  };
  for (const auto& path : paths) {
    if (!check(path.relative, path.where)) continue;
    fs::path start = fs::path(root) / path.relative;
    if (!fs::is_directory(start, ec)) continue;
    // Links to folders are not followed: each link is judged by where it leads.
    for (auto it = fs::recursive_directory_iterator(start, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_symlink(ec)) check(fs::path(path.relative) / it->path().lexically_relative(start), {});
  }
}

}  // namespace manualgen
