#pragma once
// Where each input of a project is found: in the project folder first, then in the base layer
// (what manualgen ships, base_layer.h), as Hugo looks in a site before its theme. A file at the
// same relative path in the project replaces the shipped one as a whole; a folder only the project
// has (a locale, a theme) adds to the shipped ones. Every loader asks this type, so no loader
// decides on its own where an input comes from.

#include <string>
#include <vector>

#include "generator/core/project_files.h"

namespace manualgen {

class ProjectFiles {
 public:
  /// `root` is the project folder (the config's); `base` the base layer. An empty `base`, or one
  /// that is the project folder itself (this repository), means the project is all there is.
  ProjectFiles(std::string root, std::string base);

  enum class Layer { project, base };
  /// Where an input was found.
  struct Found {
    std::string path;   // to open
    std::string shown;  // for messages: the project's as the user names it, the base layer's in full
    Layer layer = Layer::project;
  };

  /// The file or folder at `relative` (a path below the project, `/` between names): the
  /// project's when the project has an entry there (a link to nothing too: reading it says what is
  /// wrong), else the base layer's when it has one, else the project's (missing, for the message).
  Found find(const std::string& relative) const;
  /// Whether either layer has a folder at `relative`.
  bool is_folder(const std::string& relative) const;
  /// The entries of folder `relative` in both layers, in name order; of a name both have, the
  /// project's entry.
  std::vector<FolderEntry> list(const std::string& relative) const;
  /// Every entry below folder `relative` in both layers (walk_folder, links to folders not
  /// followed), ordered by path; of a path both have, the project's entry.
  std::vector<FolderEntry> walk(const std::string& relative) const;

  /// The project folder, and the base layer (empty when the project is all there is).
  const std::string& root() const { return root_; }
  const std::string& base() const { return base_; }
  /// `relative` in the project, as messages name it (from the folder manualgen runs in).
  std::string shown(const std::string& relative) const;

 private:
  std::string root_;
  std::string base_;
};

/// `folder` and `name` joined with `/`; `name` alone when `folder` is empty.
std::string join_relative(const std::string& folder, const std::string& name);

}  // namespace manualgen
