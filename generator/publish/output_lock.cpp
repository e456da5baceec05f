#include "generator/publish/output_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <vector>

#include "generator/publish/output_path.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

std::string local_time_now() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %z", &local);
  return text;
}

// The holder as the lock file says: "pid N" and "started TIME" lines.
OutputLock::Holder read_holder(int fd) {
  char buffer[256];
  ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  const std::string text(buffer, n > 0 ? static_cast<size_t>(n) : 0);
  OutputLock::Holder holder;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    if (line.rfind("pid ", 0) == 0) holder.pid = std::strtol(line.c_str() + 4, nullptr, 10);
    if (line.rfind("started ", 0) == 0) holder.started = line.substr(8);
    start = end + 1;
  }
  return holder;
}

// What killed builds left beside the output: with the lock held no other build is running, so
// every staging folder (a site being built, or an old one being removed) and PDF work folder there
// is abandoned. A symbolic link with such a name is removed as a link.
void remove_abandoned(const std::string& out) {
  std::vector<fs::path> prefixes;
  for (const char* kind : {kStagingKind, kPdfWorkKind})
    prefixes.emplace_back(beside_output(out, kind + std::string("-")));
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(prefixes[0].parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    for (const auto& prefix : prefixes)
      if (name.rfind(prefix.filename().string(), 0) == 0) remove_tree(entry.path().string());
  }
}

}  // namespace

std::optional<OutputLock> OutputLock::acquire(const std::string& out, const std::function<void(const Holder&)>& waiting,
                                              Diagnostics& diags) {
  const std::string file = beside_output(out, "lock");
  auto fail = [&](const std::string& what) {
    diags.error({file}, "cannot lock the output folder: " + what,
                "manualgen keeps this lock file beside --out while it builds; check that folder's permissions");
    return std::nullopt;
  };
  std::error_code ec;
  fs::create_directories(fs::path(file).parent_path(), ec);
  bool told = false;
  for (;;) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return fail(errno == ELOOP ? "the lock file is a symbolic link" : std::strerror(errno));
    auto give_up = [&](const std::string& what) {
      ::close(fd);
      return fail(what);
    };
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return give_up("the lock file is not a regular file");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK) return give_up(std::strerror(errno));
      if (waiting && !told) waiting(read_holder(fd));
      told = true;
      while (::flock(fd, LOCK_EX) != 0)
        if (errno != EINTR) return give_up(std::strerror(errno));
    }
    // The build we waited for removed the file as it let go: this lock is on a file no one else
    // can find, and a third build may already hold the new one. Open it again.
    struct stat now {};
    if (::lstat(file.c_str(), &now) != 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev) {
      ::close(fd);
      continue;
    }
    OutputLock lock(fd, file);
    lock.record_holder();
    remove_abandoned(out);
    return lock;
  }
}

OutputLock::OutputLock(OutputLock&& other) noexcept : fd_(other.fd_), file_(std::move(other.file_)) { other.fd_ = -1; }

// The file goes before the lock: a build waiting on it then finds it gone and opens a new one
// (acquire), and nothing is left beside the output once the build is over.
OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  ::unlink(file_.c_str());
  ::close(fd_);
}

void OutputLock::record_holder() const {
  const std::string text = "pid " + std::to_string(::getpid()) + "\nstarted " + local_time_now() + "\n";
  // Only for the message of a build that waits: a lock file that cannot be written still locks.
  if (::ftruncate(fd_, 0) != 0) return;
  [[maybe_unused]] ssize_t written = ::pwrite(fd_, text.data(), text.size(), 0);
}

}  // namespace manualgen
