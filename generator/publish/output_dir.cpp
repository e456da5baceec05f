#include "generator/publish/output_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "generator/core/text.h"
#include "generator/publish/output_path.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// Deeper than any site manualgen makes (`<org>/<locale>/<flow>/index.html`): a deeper tree was put
// into the output by someone else, and walking it would run out of file descriptors.
constexpr int kMaxDepth = 64;

bool write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// A new file `name` in the folder `at`. One already there is unlinked, never opened: in staging it
// may be a hard link to a file of the published site. -1 with errno.
int create_new_file(int at, const std::string& name) {
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  int fd = ::openat(at, name.c_str(), flags, 0644);
  if (fd < 0 && errno == EEXIST && ::unlinkat(at, name.c_str(), 0) == 0) fd = ::openat(at, name.c_str(), flags, 0644);
  return fd;
}

bool write_new_file(const std::string& path, const std::string& bytes) {
  const int fd = create_new_file(AT_FDCWD, path);
  if (fd < 0) return false;
  const bool written = write_all(fd, bytes);
  return ::close(fd) == 0 && written;
}

// A copy of the regular file `from_name` (in the folder `from`) as `to_name` (in `to`), with its
// access and modification times.
bool copy_with_times(int from, const std::string& from_name, int to, const std::string& to_name) {
  const int in = ::openat(from, from_name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  struct stat st {};
  if (in < 0) return false;
  std::string bytes;
  bool ok = ::fstat(in, &st) == 0 && S_ISREG(st.st_mode);
  if (ok) bytes.resize(static_cast<size_t>(st.st_size));
  for (size_t done = 0; ok && done < bytes.size();) {
    ssize_t n = ::read(in, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ::close(in);
  const int out = ok ? create_new_file(to, to_name) : -1;
  if (out < 0) return false;
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ok = write_all(out, bytes) && ::futimens(out, times) == 0;
  return ::close(out) == 0 && ok;
}

// The published file `from_name` (in the folder `from`) staged as `to_name` (in `to`), as the same
// file: a hard link, or where the file system has none (FAT, some network shares) a copy with the
// same times. False, with errno, when neither could be made.
bool keep_file(int from, const std::string& from_name, int to, const std::string& to_name) {
  if (::linkat(from, from_name.c_str(), to, to_name.c_str(), 0) == 0) return true;
  if (errno != EPERM && errno != EMLINK && errno != EXDEV && errno != EOPNOTSUPP) return false;
  return copy_with_times(from, from_name, to, to_name);
}

// kill_test.cpp ends the build at named moments of publishing, as a SIGKILL at that moment would:
// MANUALGEN_TEST_KILL_AT=<name>.
void kill_point(const char* name) {
  const char* at = std::getenv("MANUALGEN_TEST_KILL_AT");
  if (at && std::strcmp(at, name) == 0) ::raise(SIGKILL);
}

std::string parent_of(const std::string& relative) {
  const size_t slash = relative.rfind('/');
  return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

}  // namespace

int OutputDir::exchange_folders(const char* a, const char* b) {
  return ::renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

std::optional<OutputDir> OutputDir::begin(const std::string& out, Diagnostics& diags, ExchangeFolders exchange) {
  auto resolved = resolve_output_folder(out, diags);
  if (!resolved) return std::nullopt;
  std::error_code ec;
  const fs::path target = fs::path(*resolved).lexically_normal();
  bool exists = fs::exists(target, ec);
  if (exists && !fs::is_directory(target, ec)) {
    diags.error({out}, "the output path exists and is not a folder", "remove it or choose another --out");
    return std::nullopt;
  }
  bool ours = fs::is_regular_file(fs::symlink_status(target / kOutputMarker, ec));
  if (exists && !ours && !fs::is_empty(target, ec)) {
    diags.error({out}, "the output folder exists and was not made by manualgen; refusing to replace it",
                "choose an empty or new folder with --out, or remove this one yourself");
    return std::nullopt;
  }
  const std::string staging = work_folder_beside(target.string(), kStagingKind);
  fs::create_directories(fs::path(staging).parent_path(), ec);
  remove_tree(staging);
  if (!fs::create_directory(staging, ec)) {
    diags.error({staging}, "cannot create the staging folder: " + ec.message(), "check free space and permissions");
    return std::nullopt;
  }
  // An empty folder someone made for us is replaced as if it did not exist.
  OutputDir dir(target.string(), staging, exists && ours, exchange);
  if (dir.write(kOutputMarker, "This folder is written by manualgen build.\n", diags) == Outcome::failed)
    return std::nullopt;
  return dir;
}

OutputDir::OutputDir(OutputDir&& other) noexcept
    : out_(std::move(other.out_)),
      staging_(std::move(other.staging_)),
      existed_(other.existed_),
      done_(other.done_),
      completed_(other.completed_),
      exchange_(other.exchange_),
      staged_(std::move(other.staged_)),
      removed_(std::move(other.removed_)),
      folders_(std::move(other.folders_)),
      left_out_(std::move(other.left_out_)) {
  other.done_ = true;
}

OutputDir::~OutputDir() {
  if (!done_) remove_tree(staging_);
}

void OutputDir::make_folder(const std::string& relative) {
  if (relative.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (folders_.count(relative)) return;
  }
  make_folder(parent_of(relative));
  // Exists already when another thread made it a moment ago.
  ::mkdir((fs::path(staging_) / relative).c_str(), 0755);
  std::lock_guard<std::mutex> lock(mutex_);
  folders_.insert(relative);
}

bool OutputDir::holds(const std::string& relative, const std::string& bytes) const {
  std::string problem;
  auto current = read_output_file(out_, relative, problem, bytes.size());
  return current && *current == bytes;
}

OutputDir::Outcome OutputDir::write(const std::string& relative, const std::string& bytes, Diagnostics& diags) {
  make_folder(parent_of(relative));
  const fs::path path = fs::path(staging_) / relative;
  // EEXIST: `complete` has kept the current file there already (the state files are staged last).
  const bool same =
      existed_ && holds(relative, bytes) &&
      (keep_file(AT_FDCWD, (fs::path(out_) / relative).string(), AT_FDCWD, path.string()) || errno == EEXIST);
  const Outcome outcome = same ? Outcome::unchanged : Outcome::written;
  if (outcome == Outcome::written && !write_new_file(path.string(), bytes)) {
    diags.error({path.string()}, "cannot write the file", "check free space and permissions");
    return Outcome::failed;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  staged_.insert(relative);
  return outcome;
}

OutputDir::Outcome OutputDir::copy_file(const std::string& relative, const std::string& source, Diagnostics& diags) {
  std::string bytes;
  if (!read_file(source, bytes)) {
    diags.error({source}, "cannot read the file to copy it into the site");
    return Outcome::failed;
  }
  return write(relative, bytes, diags);
}

int OutputDir::remove(const std::vector<std::string>& relative_paths) {
  if (!existed_) return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  int removed = 0;
  for (const auto& relative : relative_paths) {
    struct stat st {};
    if (folders_are_real(out_, relative) && ::lstat((fs::path(out_) / relative).c_str(), &st) == 0 &&
        S_ISREG(st.st_mode) && removed_.insert(relative).second)
      ++removed;
  }
  return removed;
}

// A folder of staging made only once something is put in it, so a folder of the old site that
// keeps nothing (an organisation that left) is not made again. The root is open already.
class OutputDir::StagingFolder {
 public:
  explicit StagingFolder(int fd) : fd_(fd) {}
  StagingFolder(StagingFolder& parent, std::string name) : parent_(&parent), name_(std::move(name)) {}
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;
  ~StagingFolder() {
    if (parent_ && fd_ >= 0) ::close(fd_);
  }
  // The open folder, made if need be; -1 with errno when it cannot be (ENOTDIR: the new site has a
  // file of that name).
  int fd() {
    if (fd_ >= 0 || !parent_) return fd_;
    const int at = parent_->fd();
    if (at < 0) return -1;
    if (::mkdirat(at, name_.c_str(), 0755) != 0 && errno != EEXIST) return -1;
    return fd_ = open_folder(at, name_);
  }

 private:
  StagingFolder* parent_ = nullptr;
  std::string name_;
  int fd_ = -1;
};

bool OutputDir::keep_folder(int from, StagingFolder& to, const std::string& prefix, int depth, Diagnostics& diags) {
  std::vector<DirectoryEntry> entries;
  if (depth > kMaxDepth || !read_folder(from, entries)) {
    diags.error({out_ + "/" + prefix},
                depth > kMaxDepth ? "the output folder is nested deeper than " + std::to_string(kMaxDepth) +
                                        " folders here, which no build of manualgen makes"
                                  : std::string("cannot read the folder: ") + std::strerror(errno),
                "remove what was put into the output folder, or the whole folder (the next build makes it again)");
    return false;
  }
  for (const auto& [name, kind] : entries) {
    const std::string relative = prefix + name;
    if (kind == EntryKind::folder) {
      const int sub = open_folder(from, name);
      if (sub < 0) {
        diags.error({out_ + "/" + relative}, std::string("cannot open the folder: ") + std::strerror(errno),
                    "check its permissions");
        return false;
      }
      StagingFolder staged(to, name);
      const bool kept = keep_folder(sub, staged, relative + "/", depth + 1, diags);
      ::close(sub);
      if (!kept) return false;
    } else if (kind == EntryKind::other) {
      // The build's own file takes its place, if it has one there; if not, the state must not
      // claim the file (build.cpp).
      if (!staged_.count(relative)) left_out_.push_back(relative);
      diags.warning({out_ + "/" + relative},
                    "a symbolic link, or another thing that is not a file, in the output folder: not followed, and not "
                    "part of the new site",
                    "manualgen never follows links inside the output; if the site needs it, serve it from elsewhere. "
                    "A page of the site in its place is made again by the next build");
    } else if (!staged_.count(relative) && !removed_.count(relative)) {
      const int at = to.fd();
      // ENOTDIR, EEXIST: the new site has a file where this one's folder was, or a folder where
      // it was; the new site's wins.
      if (at < 0 ? errno != ENOTDIR : !keep_file(from, name, at, name) && errno != EEXIST) {
        diags.error({out_ + "/" + relative},
                    std::string("cannot keep the file in the new site: ") + std::strerror(errno),
                    "check free space and permissions");
        return false;
      }
    }
  }
  return true;
}

bool OutputDir::complete(Diagnostics& diags) {
  if (!existed_ || completed_) return true;
  completed_ = true;
  const int from = open_folder(AT_FDCWD, out_);
  const int to = open_folder(AT_FDCWD, staging_);
  StagingFolder root(to);
  const bool kept = from >= 0 && to >= 0 && keep_folder(from, root, "", 0, diags);
  if (from < 0 || to < 0) diags.error({out_}, std::string("cannot open the output folder: ") + std::strerror(errno));
  if (from >= 0) ::close(from);
  if (to >= 0) ::close(to);
  return kept;
}

bool OutputDir::commit(Diagnostics& diags) {
  if (existed_) return complete(diags) && swap_in(diags);
  std::error_code ec;
  fs::remove(out_, ec);  // at most an empty folder (begin checked)
  if (::rename(staging_.c_str(), out_.c_str()) != 0) {
    diags.error({out_}, std::string("cannot move the new site into place: ") + std::strerror(errno));
    return false;
  }
  done_ = true;
  return true;
}

bool OutputDir::swap_in(Diagnostics& diags) {
  kill_point("exchange");
  if (exchange_(staging_.c_str(), out_.c_str()) != 0) {
    if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) return replace_in_two_renames(diags);
    diags.error({out_}, std::string("cannot put the new site in place: ") + std::strerror(errno),
                "the staging folder is beside --out and must be on the same file system, so --out cannot be a "
                "mount point");
    return false;
  }
  done_ = true;
  kill_point("remove-old");
  remove_tree(staging_);  // the old site now
  return true;
}

// The fallback where the file system cannot exchange two folders: the old site is moved aside and
// the new one into place, so for a moment there is no site at all, but never a mixed one.
bool OutputDir::replace_in_two_renames(Diagnostics& diags) {
  const std::string old = staging_ + ".old";  // removed by the next build if this one is killed
  if (::rename(out_.c_str(), old.c_str()) != 0) {
    diags.error({out_}, std::string("cannot move the old site aside: ") + std::strerror(errno));
    return false;
  }
  if (::rename(staging_.c_str(), out_.c_str()) != 0) {
    diags.error({out_}, std::string("cannot move the new site into place: ") + std::strerror(errno));
    ::rename(old.c_str(), out_.c_str());
    return false;
  }
  done_ = true;
  diags.warning({out_},
                "this file system cannot exchange two folders in one step (renameat2 RENAME_EXCHANGE), so the site "
                "was replaced in two renames, with a moment in between without a site",
                "a build killed in that moment leaves no site (never a mixed one), and the next build makes it again");
  remove_tree(old);
  return true;
}

void OutputDir::discard() {
  remove_tree(staging_);
  done_ = true;
}

}  // namespace manualgen
