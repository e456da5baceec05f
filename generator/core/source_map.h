#pragma once
// Line and column of every value in a JSON text, by JSON pointer. nlohmann/json keeps no
// positions, and an IT communications editor needs "line 14", not only "/organisations/2/id".

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// How deeply JSON input may nest. The files are a few levels deep; the limit keeps the source
/// map's recursive scan (and nlohmann's recursive dump) far from the end of the stack.
inline constexpr int kMaxJsonDepth = 64;

/// A member whose name its object has already: where the first and the second one are.
struct DuplicateKey {
  std::string key;
  Location first;
  Location second;
};

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
  /// Every member whose name its object has already, in the order of the text; not the members
  /// inside a repeated one. The JSON parser keeps only the last of them, so the first would
  /// silently do nothing.
  std::vector<DuplicateKey> duplicates() const;

  /// What the scan finds (used by the scanner in source_map.cpp).
  struct Position {
    int line;
    int column;
  };
  struct Repeated {
    std::string pointer;
    Position first;
    Position second;
  };

 private:
  struct Scan {
    std::once_flag once;
    std::string text;
    std::unordered_map<std::string, Position> positions;  // of the last value at each pointer
    std::vector<Repeated> repeated;
  };
  const Scan& scanned() const;
  std::string file_;
  std::shared_ptr<Scan> scan_;  // shared by copies; made on first use, from any thread
};

/// Escapes one reference token for a JSON pointer (`~` → `~0`, `/` → `~1`).
std::string pointer_token(std::string_view key);

}  // namespace manualgen
