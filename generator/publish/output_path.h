#pragma once
// Paths of the output folder that a build may trust. The output folder can come from a CI cache or
// a synced deploy folder, so what is in it is input like any other: the paths its state files name
// are checked before use, its files are read only as regular files reached without a symbolic
// link, and the folders a build keeps beside it (staging, the lock, the PDF work folder) have names
// of their own.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// The folder to publish into for `--out`, lexically normal (`./public/` → `public`). A symbolic
/// link is resolved once, here, and the site is published into the folder it points at, so the
/// link stays a link; a link that leads nowhere is an error. `.`, `..`, `/` and the empty path are
/// refused (they would replace the project).
std::optional<std::string> resolve_output_folder(const std::string& out, Diagnostics& diags);

/// `.<name>.<what>` in the folder that holds the output folder `out` (`public` → `./.public.lock`):
/// staging, the lock and the PDF work folder live there, on the output's file system, so that a
/// rename can put them in place.
std::string beside_output(const std::string& out, const std::string& what);

/// The kinds of folder a build keeps beside the output while it runs, each named
/// `.<out>.<kind>-<pid>`: staging (also the old site, after the swap) and the PDF step's work
/// folder. Under the output's lock any of them is left by a build that was killed.
inline constexpr const char* kStagingKind = "staging";
inline constexpr const char* kPdfWorkKind = "pdf-work";
/// This process's folder of that kind beside `out`.
std::string work_folder_beside(const std::string& out, const char* kind);

/// Whether `relative` is a path a build could have made inside the output folder: relative, UTF-8,
/// and every component a plain name (not empty, `.` or `..`; no backslash, NUL or other control
/// character).
bool is_output_path(std::string_view relative);

/// Whether `path` names, lexically, something below the folder `root`, as `root / relative` does:
/// no `..` leads out of it, UTF-8 without a NUL or other control character, absolute exactly when
/// `root` is.
bool is_inside_folder(std::string_view path, const std::string& root);

/// Whether every folder on the way from `out` to `relative` (not `relative` itself) is a real
/// folder: a symbolic link planted in the output is never followed, to read or to write.
bool folders_are_real(const std::string& out, const std::string& relative);

/// The bytes of the file `relative` of the output folder: only a regular file reached through real
/// folders, and no larger than `limit`. Nullopt with `problem` empty when there is no such file;
/// with `problem` saying why when something else is there.
std::optional<std::string> read_output_file(const std::string& out, const std::string& relative, std::string& problem,
                                            size_t limit = size_t{256} << 20);

/// An entry of a folder, of the kind its directory entry says (no stat per file where the file
/// system gives kinds, as ext4, XFS, Btrfs and tmpfs do).
enum class EntryKind { folder, file, other };  // other: a symbolic link, a FIFO, a device…
struct DirectoryEntry {
  std::string name;
  EntryKind kind;
};
/// The entries of the open folder `fd`, but `.` and `..`; false, with errno, when it cannot be read.
bool read_folder(int fd, std::vector<DirectoryEntry>& entries);
/// Opens the folder `name` of the folder `at` (a descriptor, or AT_FDCWD), never through a
/// symbolic link; -1 with errno.
int open_folder(int at, const std::string& name);

/// Removes `path` and, if it is a folder, everything below it, following no link: as `rm -rf`, and
/// like it without a stat per file. What cannot be removed stays.
void remove_tree(const std::string& path);

}  // namespace manualgen
