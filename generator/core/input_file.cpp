#include "generator/core/input_file.h"
#include "generator/core/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace manualgen {

namespace {

// What a path that is not a regular file is, for messages.
std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

FileRead failed(ReadProblem problem, std::string detail = {}) { return {problem, std::move(detail)}; }

// Closes the descriptor it holds, whichever way the read ends.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads at most `limit` + 1 bytes of `fd`: one byte more than allowed says the file is too large.
FileRead read_at_most(int fd, size_t limit, size_t expected, std::string& out) {
  out.reserve(std::min(expected, limit) + 1);
  char buffer[65536];
  while (out.size() <= limit) {
    size_t want = std::min(sizeof buffer, limit + 1 - out.size());
    ssize_t n = ::read(fd, buffer, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed(ReadProblem::unreadable, std::strerror(errno));
    if (n == 0) return {};
    out.append(buffer, static_cast<size_t>(n));
  }
  out.clear();
  return failed(ReadProblem::too_large);
}

}  // namespace

FileRead read_regular_file(const std::string& path, size_t limit, std::string& out) {
  out.clear();
  // Type and size first: opening a FIFO blocks until someone writes to it, and /dev/zero never ends.
  struct stat before {};
  if (::stat(path.c_str(), &before) != 0)
    return failed(errno == ENOENT || errno == ENOTDIR ? ReadProblem::missing : ReadProblem::unreadable,
                  std::strerror(errno));
  if (!S_ISREG(before.st_mode)) return failed(ReadProblem::not_a_file, kind_of(before.st_mode));
  if (static_cast<unsigned long long>(before.st_size) > limit) return failed(ReadProblem::too_large);
  // O_NONBLOCK: should the path be swapped for a FIFO after the check, opening it does not block.
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) return failed(ReadProblem::unreadable, std::strerror(errno));
  struct stat opened {};
  if (::fstat(fd.get(), &opened) != 0) return failed(ReadProblem::unreadable, std::strerror(errno));
  if (!S_ISREG(opened.st_mode)) return failed(ReadProblem::not_a_file, kind_of(opened.st_mode));
  return read_at_most(fd.get(), limit, static_cast<size_t>(opened.st_size), out);
}

std::string describe_size(size_t bytes) {
  constexpr size_t kMiB = 1024 * 1024;
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return count_of(static_cast<long long>(bytes), "byte");
}

void report_read_problem(const FileRead& read, const std::string& display, size_t limit, std::string_view size_hint,
                         Diagnostics& diags) {
  switch (read.problem) {
    case ReadProblem::none:
      return;
    case ReadProblem::missing:
    case ReadProblem::unreadable:
      diags.error({display}, "cannot read the file" + (read.detail.empty() ? "" : " (" + read.detail + ")"),
                  "check that it exists and is readable");
      return;
    case ReadProblem::not_a_file:
      diags.error({display}, "this is " + read.detail + ", not a regular file",
                  "manualgen reads only regular files: a pipe or a device could block the build or never end");
      return;
    case ReadProblem::too_large:
      diags.error({display}, "the file is larger than " + describe_size(limit), std::string(size_hint));
      return;
  }
}

std::optional<std::string> read_input_file(const std::string& path, const std::string& display, size_t limit,
                                           std::string_view size_hint, Diagnostics& diags) {
  std::string bytes;
  FileRead read = read_regular_file(path, limit, bytes);
  if (read.problem == ReadProblem::none) return bytes;
  report_read_problem(read, display, limit, size_hint, diags);
  return std::nullopt;
}

}  // namespace manualgen
