#include "generator/core/project_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>
#include <utility>

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// The names in `dir`, sorted; `error` says why it could not be listed (entries read before the
// error are kept).
std::vector<std::string> names_in(const fs::path& dir, std::string& error) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    names.push_back(it->path().filename().string());
  if (ec) error = ec.message();
  std::sort(names.begin(), names.end());
  return names;
}

FolderEntry describe(const fs::path& path, std::string relative) {
  FolderEntry entry;
  entry.relative = std::move(relative);
  std::error_code ec;
  entry.link = fs::is_symlink(fs::symlink_status(path, ec));
  fs::file_status status = fs::status(path, ec);
  if (ec) {
    entry.kind = FolderEntry::Kind::broken;
    entry.error = ec.message();
  } else if (fs::is_regular_file(status)) {
    entry.kind = FolderEntry::Kind::file;
  } else if (fs::is_directory(status)) {
    entry.kind = FolderEntry::Kind::folder;
  } else {
    entry.kind = FolderEntry::Kind::other;
  }
  return entry;
}

// A real folder, whatever the path that reached it.
using FolderId = std::pair<dev_t, ino_t>;
std::optional<FolderId> folder_id(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FolderId{st.st_dev, st.st_ino};
}

std::string joined(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "/" + name;
}

}  // namespace

std::vector<FolderEntry> walk_folder(const std::string& folder, const std::string& follow_within) {
  std::vector<FolderEntry> out;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return out;
  const fs::path within = follow_within.empty() ? fs::path() : fs::canonical(follow_within, ec);
  auto may_follow = [&](const fs::path& link) {
    std::error_code error;
    fs::path inside = within.empty() ? fs::path("..") : fs::canonical(link, error).lexically_relative(within);
    return !error && !inside.empty() && *inside.begin() != "..";
  };
  std::set<FolderId> walked;
  // Entries still to visit, the next one last: a folder's entries are pushed in reverse name order
  // when it is visited, so the walk is depth first in name order.
  std::vector<std::pair<fs::path, std::string>> pending;
  auto enter = [&](const fs::path& dir, const std::string& relative) {
    if (auto id = folder_id(dir); !id || !walked.insert(*id).second) return;
    std::string error;
    std::vector<std::string> names = names_in(dir, error);
    if (!error.empty()) {
      if (relative.empty())
        out.push_back({"", FolderEntry::Kind::folder, false, error});
      else
        out.back().error = error;
    }
    for (auto name = names.rbegin(); name != names.rend(); ++name)
      pending.emplace_back(dir / *name, joined(relative, *name));
  };
  enter(folder, "");
  while (!pending.empty()) {
    auto [path, relative] = std::move(pending.back());
    pending.pop_back();
    out.push_back(describe(path, relative));
    const FolderEntry& entry = out.back();
    if (entry.kind == FolderEntry::Kind::folder && (!entry.link || may_follow(path))) enter(path, relative);
  }
  return out;
}

std::vector<FolderEntry> list_folder(const std::string& folder) {
  std::vector<FolderEntry> out;
  std::string error;
  for (const auto& name : names_in(folder, error)) out.push_back(describe(fs::path(folder) / name, name));
  return out;
}

namespace {

constexpr const char* kOutsideHint =
    "copy what it points at into the project, or make the link point inside it: manualgen reads and publishes only "
    "the project's own files";

fs::path real_root(const std::string& root) {
  std::error_code ec;
  return fs::weakly_canonical(fs::absolute(root, ec), ec);
}

// `relative` as messages name it: from the folder manualgen runs in.
std::string shown(const std::string& root, const fs::path& relative) {
  return (root == "." ? relative : fs::path(root) / relative).lexically_normal().generic_string();
}

// The problem with symbolic link `relative` (below `root`, whose real path is `base`), if any.
std::optional<PathProblem> link_problem(const std::string& root, const fs::path& base, const fs::path& relative) {
  const std::string name = shown(root, relative);
  std::error_code ec;
  fs::path link = fs::path(root) / relative;
  fs::path written = fs::read_symlink(link, ec);
  if (ec)
    return PathProblem{"cannot read the symbolic link \"" + name + "\": " + ec.message(), "check its permissions"};
  fs::path target = written.is_relative() ? fs::absolute(link, ec).parent_path() / written : written;
  // Where the link leads, judged even when the target does not exist (yet).
  fs::path resolved = fs::weakly_canonical(target, ec);
  if (ec == std::errc::too_many_symbolic_link_levels)
    return PathProblem{"\"" + name + "\" is a symbolic link that leads back to itself (a loop of links)",
                       "remove the link, or point it at a file or folder of the project"};
  fs::path inside = ec ? fs::path("..") : resolved.lexically_relative(base);
  if (!inside.empty() && *inside.begin() != "..") return std::nullopt;
  return PathProblem{"\"" + name + "\" is a symbolic link to \"" + written.string() + "\", outside the project folder",
                     kOutsideHint};
}

}  // namespace

std::optional<PathProblem> path_problem(const std::string& root, const std::string& relative) {
  std::error_code ec;
  const fs::path base = real_root(root);
  fs::path so_far;
  for (const auto& part : fs::path(relative).lexically_normal()) {
    so_far /= part;
    if (!fs::is_symlink(fs::symlink_status(fs::path(root) / so_far, ec))) continue;
    if (auto problem = link_problem(root, base, so_far)) return problem;
  }
  return std::nullopt;
}

bool check_links_stay_inside(const std::string& root, const std::vector<ProjectPath>& paths, Diagnostics& diags) {
  const int before = diags.error_count();
  const fs::path base = real_root(root);
  for (const auto& path : paths) {
    if (auto problem = path_problem(root, path.relative)) {
      diags.error(path.where ? path.where() : Location{shown(root, path.relative)}, problem->message, problem->hint);
      continue;
    }
    // Links to folders are not followed: each link is judged by where it leads.
    for (const auto& entry : walk_folder((fs::path(root) / path.relative).string())) {
      const fs::path relative =
          entry.relative.empty() ? fs::path(path.relative) : path.relative / fs::path(entry.relative);
      if (entry.link) {
        if (auto problem = link_problem(root, base, relative))
          diags.error({shown(root, relative)}, problem->message, problem->hint);
      } else if (!entry.error.empty()) {
        diags.error({shown(root, relative)}, "cannot read \"" + shown(root, relative) + "\": " + entry.error,
                    "check its permissions");
      }
    }
  }
  return diags.error_count() == before;
}

}  // namespace manualgen
