#include "generator/core/project_lookup.h"

#include <filesystem>
#include <map>
#include <utility>

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// Whether there is an entry at `path`, a symbolic link to nothing included.
bool has_entry(const fs::path& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

bool same_folder(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

// The entries of both layers by name, the project's first so it keeps a name both have.
std::vector<FolderEntry> merged(std::vector<FolderEntry> project, const std::vector<FolderEntry>& base) {
  std::map<std::string, FolderEntry> by_name;
  for (auto& entry : project) by_name.emplace(entry.relative, std::move(entry));
  for (const auto& entry : base) by_name.emplace(entry.relative, entry);
  std::vector<FolderEntry> out;
  for (auto& [name, entry] : by_name) out.push_back(std::move(entry));
  return out;
}

}  // namespace

std::string join_relative(const std::string& folder, const std::string& name) {
  return folder.empty() ? name : folder + "/" + name;
}

ProjectFiles::ProjectFiles(std::string root, std::string base) : root_(std::move(root)), base_(std::move(base)) {
  if (!base_.empty() && same_folder(root_, base_)) base_.clear();
}

ProjectFiles::Found ProjectFiles::find(const std::string& relative) const {
  const fs::path in_project = fs::path(root_) / relative;
  if (!base_.empty() && !has_entry(in_project)) {
    const fs::path in_base = fs::path(base_) / relative;
    if (has_entry(in_base)) return {in_base.string(), in_base.lexically_normal().generic_string(), Layer::base};
  }
  return {in_project.string(), shown(relative), Layer::project};
}

bool ProjectFiles::is_folder(const std::string& relative) const {
  std::error_code ec;
  return fs::is_directory(fs::path(root_) / relative, ec) ||
         (!base_.empty() && fs::is_directory(fs::path(base_) / relative, ec));
}

std::vector<FolderEntry> ProjectFiles::list(const std::string& relative) const {
  auto project = list_folder((fs::path(root_) / relative).string());
  if (base_.empty()) return project;
  return merged(std::move(project), list_folder((fs::path(base_) / relative).string()));
}

std::vector<FolderEntry> ProjectFiles::walk(const std::string& relative) const {
  auto project = walk_folder((fs::path(root_) / relative).string());
  if (base_.empty()) return project;
  return merged(std::move(project), walk_folder((fs::path(base_) / relative).string()));
}

std::string ProjectFiles::shown(const std::string& relative) const {
  return (root_ == "." ? fs::path(relative) : fs::path(root_) / relative).lexically_normal().generic_string();
}

}  // namespace manualgen
