#pragma once
// Reading an input file with bounds: only a regular file, and never more than a limit. Every
// loader reads through here, so a prose file that is a link to /dev/zero or a --config that names
// a FIFO is refused instead of filling the memory or blocking the build.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "generator/core/diagnostics.h"

namespace manualgen {

enum class ReadProblem { none, missing, not_a_file, too_large, unreadable };

struct FileRead {
  ReadProblem problem = ReadProblem::none;
  /// What the path is when it is not a regular file ("a named pipe (FIFO)"), or why it could not
  /// be read (the system's message).
  std::string detail;
};

/// Reads `path` (following links) into `out` when it is a regular file of at most `limit` bytes.
/// The type and size are checked before the file is opened, the file is opened without blocking
/// and checked again, and at most `limit` + 1 bytes are read: a file that is swapped or grows
/// meanwhile is refused too.
FileRead read_regular_file(const std::string& path, size_t limit, std::string& out);

/// "1 MiB", "64 MiB": a limit for messages.
std::string describe_size(size_t bytes);

/// Reports `read`'s problem at file `display`; `size_hint` says what to do about a file over `limit`.
void report_read_problem(const FileRead& read, const std::string& display, size_t limit, std::string_view size_hint,
                         Diagnostics& diags);

/// `read_regular_file` with its problem reported: the bytes, or nullopt.
std::optional<std::string> read_input_file(const std::string& path, const std::string& display, size_t limit,
                                           std::string_view size_hint, Diagnostics& diags);

}  // namespace manualgen
