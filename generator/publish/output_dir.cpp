#include "generator/publish/output_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "generator/core/text.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// The whole of `bytes` as the file `path` (created or truncated).
bool write_whole_file(const std::string& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  return ::close(fd) == 0 && done == bytes.size();
}

// Staging folders of builds that were killed (their process is gone) are left behind: remove
// them, so they neither pile up nor confuse the next build. A build still running keeps its own.
void remove_stale_staging(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size() ||
        name.find_first_not_of("0123456789", prefix.size()) != std::string::npos || name.size() - prefix.size() > 9)
      continue;
    auto pid = static_cast<pid_t>(std::stol(name.substr(prefix.size())));
    if (pid == getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code remove_error;
    fs::remove_all(entry.path(), remove_error);
  }
}

}  // namespace

std::optional<OutputDir> OutputDir::begin(const std::string& out, Diagnostics& diags) {
  std::error_code ec;
  fs::path target = fs::path(out).lexically_normal();
  if (target.empty() || target == "." || target == "/" || target == "..") {
    diags.error({out}, "refusing to use \"" + out + "\" as the output folder", "pass a subfolder, e.g. --out public");
    return std::nullopt;
  }
  bool exists = fs::exists(target, ec);
  if (exists && !fs::is_directory(target, ec)) {
    diags.error({out}, "the output path exists and is not a folder", "remove it or choose another --out");
    return std::nullopt;
  }
  bool ours = fs::exists(target / kOutputMarker, ec);
  if (exists && !ours && !fs::is_empty(target, ec)) {
    diags.error({out}, "the output folder exists and was not made by manualgen; refusing to replace it",
                "choose an empty or new folder with --out, or remove this one yourself");
    return std::nullopt;
  }
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent, ec);
  const std::string prefix = "." + target.filename().string() + ".staging-";
  remove_stale_staging(parent, prefix);
  std::string staging = (parent / (prefix + std::to_string(getpid()))).string();
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) {
    diags.error({staging}, "cannot create the staging folder: " + ec.message(), "check free space and permissions");
    return std::nullopt;
  }
  // An empty folder someone made for us is replaced as if it did not exist.
  OutputDir dir(target.string(), staging, exists && ours);
  if (dir.write(kOutputMarker, "This folder is written by manualgen build.\n", diags) == Outcome::failed)
    return std::nullopt;
  return dir;
}

OutputDir::OutputDir(OutputDir&& other) noexcept
    : out_(std::move(other.out_)),
      staging_(std::move(other.staging_)),
      existed_(other.existed_),
      done_(other.done_),
      staged_(std::move(other.staged_)),
      stale_(std::move(other.stale_)),
      folders_(std::move(other.folders_)) {
  other.done_ = true;
}

OutputDir::~OutputDir() {
  if (done_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void OutputDir::make_folder(const std::string& relative) {
  if (relative.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (folders_.count(relative)) return;
  }
  const size_t slash = relative.rfind('/');
  make_folder(slash == std::string::npos ? std::string() : relative.substr(0, slash));
  // Exists already when another thread made it a moment ago, or when an old file is replaced.
  ::mkdir((fs::path(staging_) / relative).c_str(), 0755);
  std::lock_guard<std::mutex> lock(mutex_);
  folders_.insert(relative);
}

OutputDir::Outcome OutputDir::write(const std::string& relative, const std::string& bytes, Diagnostics& diags) {
  if (existed_) {
    fs::path live = fs::path(out_) / relative;
    std::error_code ec;
    if (fs::file_size(live, ec) == bytes.size() && !ec) {
      std::string current;
      if (read_file(live.string(), current) && current == bytes) return Outcome::unchanged;
    }
  }
  fs::path path = fs::path(staging_) / relative;
  const size_t slash = relative.rfind('/');
  make_folder(slash == std::string::npos ? std::string() : relative.substr(0, slash));
  if (!write_whole_file(path.string(), bytes)) {
    diags.error({path.string()}, "cannot write the file", "check free space and permissions");
    return Outcome::failed;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  staged_.push_back(relative);
  return Outcome::written;
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
  std::vector<std::string> existing;
  std::error_code ec;
  for (const auto& rel : relative_paths)
    if (fs::is_regular_file(fs::path(out_) / rel, ec)) existing.push_back(rel);
  std::lock_guard<std::mutex> lock(mutex_);
  stale_.insert(stale_.end(), existing.begin(), existing.end());
  return static_cast<int>(existing.size());
}

bool OutputDir::commit(Diagnostics& diags) {
  std::error_code ec;
  if (!existed_) {
    fs::remove_all(out_, ec);  // at most an empty folder, or one we made
    if (::rename(staging_.c_str(), out_.c_str()) != 0) {
      diags.error({out_}, std::string("cannot move the new site into place: ") + std::strerror(errno));
      return false;
    }
    done_ = true;
    return true;
  }
  for (const auto& rel : staged_) {
    fs::path to = fs::path(out_) / rel;
    fs::create_directories(to.parent_path(), ec);
    if (::rename((fs::path(staging_) / rel).c_str(), to.c_str()) != 0) {
      diags.error({to.string()}, std::string("cannot put the new file in place: ") + std::strerror(errno));
      return false;
    }
  }
  std::set<fs::path> folders;
  for (const auto& rel : stale_) {
    fs::remove(fs::path(out_) / rel, ec);
    folders.insert((fs::path(out_) / rel).parent_path());
  }
  // Folders emptied by removals (an organisation that left, a flow no longer published).
  for (auto it = folders.rbegin(); it != folders.rend(); ++it)
    for (fs::path f = *it; f != fs::path(out_) && fs::is_empty(f, ec) && !ec; f = f.parent_path()) fs::remove(f, ec);
  fs::remove_all(staging_, ec);
  done_ = true;
  return true;
}

void OutputDir::discard() {
  std::error_code ec;
  fs::remove_all(staging_, ec);
  done_ = true;
}

}  // namespace manualgen
