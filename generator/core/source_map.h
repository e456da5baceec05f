#pragma once
// Line and column of every value in a JSON text, by JSON pointer. nlohmann/json keeps no
// positions, and an IT communications editor needs "line 14", not only "/organisations/2/id".

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "generator/core/diagnostics.h"

namespace manualgen {

class SourceMap {
 public:
  SourceMap() = default;
  /// Keeps `text`, which must already be valid JSON (parse it first), to be scanned when a
  /// location is first asked for: a file without mistakes never needs one, and scanning a
  /// 500-organisation config took a sixth of a rebuild that had nothing to do.
  SourceMap(std::string file, std::string_view text);

  /// The location of the value at `pointer`; for a pointer that does not exist (a missing member)
  /// the location of the nearest parent that does, with `pointer` kept as asked.
  Location at(const std::string& pointer) const;
  const std::string& file() const { return file_; }

 private:
  struct Position {
    int line;
    int column;
  };
  struct Scan {
    std::once_flag once;
    std::string text;
    std::unordered_map<std::string, Position> positions;
  };
  std::string file_;
  std::shared_ptr<Scan> scan_;  // shared by copies; made on first use, from any thread
};

/// Escapes one reference token for a JSON pointer (`~` → `~0`, `/` → `~1`).
std::string pointer_token(std::string_view key);

}  // namespace manualgen
