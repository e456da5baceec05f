#pragma once
// One build at a time per output folder. Two builds into one folder would each compare, stage and
// publish against a site the other is changing, and the state would record the mix as correct, so
// a build holds an exclusive lock on `.<out>.lock` beside the output from before it reads the
// output until after its PDFs; a second build waits for it. The lock is flock(2): the kernel
// releases it when its process ends, however it ends, so a killed build never blocks the next.
// The file is there only while a build holds it: the holder removes it as it lets go, and a build
// that then gets the lock of a removed file opens the file again. A killed build leaves the file,
// which the next build locks and removes. It holds the pid and start time of the build that has
// it, for the message of the one that waits.

#include <functional>
#include <optional>
#include <string>

#include "generator/core/diagnostics.h"

namespace manualgen {

class OutputLock {
 public:
  /// Who holds the lock, as its file says.
  struct Holder {
    long pid = 0;         // 0 when the file does not say (its holder is only just writing it)
    std::string started;  // local time, "2026-05-02 10:11:12 +0200"
  };

  /// Takes the lock of the output folder `out` (as resolve_output_folder gives it), waiting as long
  /// as another build holds it: `waiting` is called first, with who that is. Holding it, removes
  /// what killed builds left beside the output (their staging folders, old sites and PDF work
  /// folders). Nullopt, with an error, when the lock file cannot be opened.
  static std::optional<OutputLock> acquire(const std::string& out, const std::function<void(const Holder&)>& waiting,
                                           Diagnostics& diags);

  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&&) = delete;
  OutputLock(const OutputLock&) = delete;
  ~OutputLock();  // releases the lock

  const std::string& file() const { return file_; }

 private:
  OutputLock(int fd, std::string file) : fd_(fd), file_(std::move(file)) {}
  /// Writes this process's pid and the time into the lock file.
  void record_holder() const;
  int fd_ = -1;
  std::string file_;
};

}  // namespace manualgen
