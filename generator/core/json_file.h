#pragma once
// Reading JSON input files as a schema: every member is checked for type and range and every
// problem is reported with file, line and JSON pointer. Include only from loader .cpp files:
// nlohmann/json is slow to compile.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/core/source_map.h"

namespace manualgen {

struct JsonFile {
  nlohmann::json value;
  SourceMap map;
};

/// Input files are edited by hand; a file this large is a mistake (a log, a binary) and would only
/// make the error messages useless. The site config, which grows with the organisations, has a
/// limit of its own (site_config.cpp).
inline constexpr size_t kMaxJsonBytes = 8 * 1024 * 1024;

/// Reads (at most `max_bytes`, see core/input_file.h) and parses `path`; `display` is the name
/// used in messages (relative to the project).
std::optional<JsonFile> read_json_file(const std::string& path, const std::string& display, Diagnostics& diags,
                                       size_t max_bytes = kMaxJsonBytes);
/// Parses the bytes of a file as read_json_file does after reading it: byte-order mark, UTF-8,
/// emptiness, nesting depth (`kMaxJsonDepth`), JSON syntax. A member name given twice in one
/// object is an error with both places; the file is still returned, so the rest of it is checked.
std::optional<JsonFile> parse_json_file(std::string text, const std::string& display, Diagnostics& diags);

enum class Need { optional, required };

/// One JSON object being read. Members not asked for are reported by `reject_unknown`.
class JsonObject {
 public:
  JsonObject(const nlohmann::json& value, std::string pointer, const SourceMap& map, Diagnostics& diags);

  bool ok() const { return ok_; }
  bool has(const std::string& key) const;
  const nlohmann::json* member(const std::string& key) const;
  std::string pointer(const std::string& key) const;
  Location at(const std::string& key) const { return map_.at(pointer(key)); }
  Location location() const { return map_.at(pointer_); }

  std::optional<std::string> string(const std::string& key, Need need, bool allow_empty = false);
  std::optional<int> integer(const std::string& key, Need need, int min, int max);
  std::optional<bool> boolean(const std::string& key, Need need);
  std::optional<std::vector<std::string>> strings(const std::string& key, Need need);
  /// An object member, or nullopt (with a diagnostic if it has the wrong type or is required).
  std::optional<JsonObject> object(const std::string& key, Need need);

  /// Reports every member whose name is not in `known` nor in `unlisted`, with a "did you mean"
  /// for near misses among `known` (`unlisted`: members allowed but not offered, as comments).
  void reject_unknown(const std::vector<std::string>& known, const std::vector<std::string>& unlisted = {});

  const SourceMap& map() const { return map_; }
  Diagnostics& diags() const { return diags_; }

 private:
  bool present(const std::string& key, Need need);
  void wrong_type(const std::string& key, const char* expected, const char* hint);
  /// False, with a diagnostic, for text holding a control character or a bidi override.
  bool safe_text(const std::string& pointer, const std::string& s);

  const nlohmann::json& value_;
  std::string pointer_;
  const SourceMap& map_;
  Diagnostics& diags_;
  bool ok_ = true;
};

/// "a string", "a number", … for messages.
const char* json_type_name(const nlohmann::json& v);

}  // namespace manualgen
