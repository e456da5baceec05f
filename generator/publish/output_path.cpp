#include "generator/publish/output_path.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include "generator/core/text.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// Text a path of ours can hold: UTF-8 (the state files are JSON) without a control character.
bool is_plain_text(std::string_view s) {
  size_t bad = 0;
  return valid_utf8(s, bad) &&
         std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// The output folder as a path whose last component names it (`public/` → `public`).
fs::path output_target(const std::string& out) {
  fs::path target = fs::path(out).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  return target;
}

void remove_below(int fd) {
  std::vector<DirectoryEntry> entries;
  if (!read_folder(fd, entries)) return;
  for (const auto& [name, kind] : entries) {
    const bool folder = kind == EntryKind::folder;
    if (folder) {
      const int sub = open_folder(fd, name);
      if (sub < 0) continue;
      remove_below(sub);
      ::close(sub);
    }
    ::unlinkat(fd, name.c_str(), folder ? AT_REMOVEDIR : 0);
  }
}

}  // namespace

std::optional<std::string> resolve_output_folder(const std::string& out, Diagnostics& diags) {
  const fs::path target = output_target(out);
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == ".." || target == target.root_path()) {
    diags.error({out}, "refusing to use \"" + out + "\" as the output folder", "pass a subfolder, e.g. --out public");
    return std::nullopt;
  }
  std::error_code ec;
  if (!fs::is_symlink(target, ec)) return target.string();
  fs::path resolved = fs::canonical(target, ec);
  if (ec || !fs::is_directory(resolved, ec)) {
    diags.error({out},
                "the output folder is a symbolic link to \"" + fs::read_symlink(target, ec).string() +
                    "\", which is not a folder",
                "make the folder it points at, or pass the folder itself with --out");
    return std::nullopt;
  }
  return resolve_output_folder(resolved.string(), diags);
}

std::string beside_output(const std::string& out, const std::string& what) {
  const fs::path target = output_target(out);
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  return (parent / ("." + target.filename().string() + "." + what)).string();
}

std::string work_folder_beside(const std::string& out, const char* kind) {
  return beside_output(out, std::string(kind) + "-" + std::to_string(::getpid()));
}

bool is_output_path(std::string_view relative) {
  if (relative.empty() || relative.front() == '/' || !is_plain_text(relative) ||
      relative.find('\\') != std::string_view::npos)
    return false;
  for (size_t start = 0; start <= relative.size();) {
    size_t end = std::min(relative.find('/', start), relative.size());
    std::string_view part = relative.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

bool is_inside_folder(std::string_view path, const std::string& root) {
  if (path.empty() || !is_plain_text(path)) return false;
  const fs::path normal = fs::path(path).lexically_normal();
  const fs::path base = fs::path(root).lexically_normal();
  if (normal.is_absolute() != base.is_absolute()) return false;
  const fs::path relative = normal.lexically_relative(base);
  return !relative.empty() && relative != "." && *relative.begin() != "..";
}

bool folders_are_real(const std::string& out, const std::string& relative) {
  fs::path folder(out);
  const fs::path rel(relative);
  for (auto part = rel.begin(); part != rel.end() && std::next(part) != rel.end(); ++part) {
    folder /= *part;
    struct stat st {};
    if (::lstat(folder.c_str(), &st) != 0) return errno == ENOENT;  // nothing there yet: nothing to follow
    if (!S_ISDIR(st.st_mode)) return false;
  }
  return true;
}

std::optional<std::string> read_output_file(const std::string& out, const std::string& relative, std::string& problem,
                                            size_t limit) {
  problem.clear();
  if (!folders_are_real(out, relative)) {
    problem = "a folder on its way is a symbolic link, which manualgen never follows inside the output";
    return std::nullopt;
  }
  const fs::path path = fs::path(out) / relative;
  // O_NONBLOCK: a FIFO planted here must not stop the build; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT) problem = errno == ELOOP ? "it is a symbolic link" : std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  std::string bytes;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    problem = "it is not a regular file";
  } else if (static_cast<size_t>(st.st_size) > limit) {
    problem = "it is larger than " + count_of(static_cast<long long>(limit), "byte");
  } else {
    bytes.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    for (ssize_t n; done < bytes.size() && (n = ::read(fd, bytes.data() + done, bytes.size() - done)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        problem = std::strerror(errno);
        break;
      }
      done += static_cast<size_t>(n);
    }
    // A file that shrank while being read is read as it ended up.
    if (done < bytes.size()) bytes.resize(done);
  }
  ::close(fd);
  if (!problem.empty()) return std::nullopt;
  return bytes;
}

// getdents64 rather than readdir: no second descriptor and no stat of the folder, which for a
// site of thousands of folders is a third of a walk.
bool read_folder(int fd, std::vector<DirectoryEntry>& entries) {
  alignas(dirent64) char buffer[32768];
  for (;;) {
    const ssize_t n = ::getdents64(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0;
    for (ssize_t at = 0; at < n;) {
      const auto* entry = reinterpret_cast<const dirent64*>(buffer + at);
      at += entry->d_reclen;
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      unsigned char type = entry->d_type;
      if (struct stat st{}; type == DT_UNKNOWN && ::fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      entries.push_back({std::string(name), type == DT_DIR   ? EntryKind::folder
                                            : type == DT_REG ? EntryKind::file
                                                             : EntryKind::other});
    }
  }
}

int open_folder(int at, const std::string& name) {
  return ::openat(at, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

void remove_tree(const std::string& path) {
  const int fd = open_folder(AT_FDCWD, path);
  if (fd < 0) {
    ::unlink(path.c_str());  // a file or a link, or nothing
    return;
  }
  remove_below(fd);
  ::close(fd);
  ::rmdir(path.c_str());
}

}  // namespace manualgen
