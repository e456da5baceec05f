#include "generator/core/json_file.h"

#include "generator/core/input_file.h"
#include "generator/core/text.h"

namespace manualgen {

namespace {

// nlohmann's DOM parser (json_sax_dom_parser), which is internal to the library, with one
// difference: a member name that its object has already is noted. nlohmann keeps the last value
// without a word, so a typo'd second "name" would silently win.
class DomBuilder {
 public:
  using json = nlohmann::json;
  explicit DomBuilder(json& root) : root_(root) {}

  bool null() { return add(nullptr); }
  bool boolean(bool v) { return add(v); }
  bool number_integer(json::number_integer_t v) { return add(v); }
  bool number_unsigned(json::number_unsigned_t v) { return add(v); }
  bool number_float(json::number_float_t v, const std::string&) { return add(v); }
  bool string(std::string& v) { return add(std::move(v)); }
  bool binary(json::binary_t& v) { return add(std::move(v)); }
  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& name) {
    auto [it, added] = stack_.back()->get_ref<json::object_t&>().try_emplace(std::move(name));
    repeated_ = repeated_ || !added;
    member_ = &it->second;
    return true;
  }
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& e) {
    throw e;
  }

  bool repeated_member() const { return repeated_; }

 private:
  template <class Value>
  json* place(Value&& v) {
    if (stack_.empty()) {
      root_ = json(std::forward<Value>(v));
      return &root_;
    }
    if (stack_.back()->is_array()) {
      auto& items = stack_.back()->get_ref<json::array_t&>();
      items.emplace_back(std::forward<Value>(v));
      return &items.back();
    }
    *member_ = json(std::forward<Value>(v));
    return member_;
  }
  template <class Value>
  bool add(Value&& v) {
    place(std::forward<Value>(v));
    return true;
  }
  bool open(json::value_t type) {
    stack_.push_back(place(type));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> stack_;  // the open objects and lists, innermost last
  json* member_ = nullptr;    // the member whose name was read last
  bool repeated_ = false;
};

// The offset of the bracket that opens level `limit` + 1, or npos. Strings are skipped as the
// parser reads them, so this bounds the depth of whatever the parser builds.
size_t nesting_beyond(std::string_view text, int limit) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    switch (text[i]) {
      case '"':
        for (++i; i < text.size() && text[i] != '"'; ++i)
          if (text[i] == '\\') ++i;
        break;
      case '[':
      case '{':
        if (++depth > limit) return i;
        break;
      case ']':
      case '}':
        --depth;
        break;
      default:
        break;
    }
  }
  return std::string_view::npos;
}

void report_repeated_members(const SourceMap& map, Diagnostics& diags) {
  for (const DuplicateKey& d : map.duplicates())
    diags.error(d.second,
                "\"" + d.key + "\" is given twice in this object, first at line " + std::to_string(d.first.line) +
                    ", column " + std::to_string(d.first.column),
                "remove one of the two: only this last one would count, and the first would silently do nothing");
}

}  // namespace

const char* json_type_name(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "a list";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "true/false";
    case nlohmann::json::value_t::number_float:
      return "a decimal number";
    default:
      return "a number";
  }
}

std::optional<JsonFile> read_json_file(const std::string& path, const std::string& display, Diagnostics& diags,
                                       size_t max_bytes) {
  auto text = read_input_file(path, display, max_bytes,
                              "is this the right file? Input JSON files are edited by hand and small", diags);
  if (!text) return std::nullopt;
  return parse_json_file(std::move(*text), display, diags);
}

std::optional<JsonFile> parse_json_file(std::string text, const std::string& display, Diagnostics& diags) {
  // A byte-order mark (Windows Notepad) is dropped, as browsers and most JSON tools do; kept, it
  // would shift every column of the first line.
  strip_bom(text);
  if (size_t bad = 0; !valid_utf8(text, bad)) {
    TextPosition at = position_of_offset(text, bad);
    diags.error({display, at.line, at.column}, "the file is not valid UTF-8",
                "save it as UTF-8 in your editor (in Notepad: Save as, Encoding: UTF-8)");
    return std::nullopt;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    diags.error({display, 1, 1}, "the file is empty", "it must contain a JSON object { … }");
    return std::nullopt;
  }
  auto at = [&](size_t offset) {
    TextPosition p = position_of_offset(text, offset);
    return Location(display, p.line, p.column);
  };
  if (size_t deep = nesting_beyond(text, kMaxJsonDepth); deep != std::string::npos) {
    diags.error(at(deep), "the JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                "input files are a few levels deep: is this the right file?");
    return std::nullopt;
  }
  try {
    nlohmann::json value;
    DomBuilder builder(value);
    nlohmann::json::sax_parse(text, &builder);
    JsonFile file{std::move(value), SourceMap(display, text)};
    if (builder.repeated_member()) report_repeated_members(file.map, diags);
    return file;
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    std::string message = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 5: " prefix:
    // the location is printed in front already.
    if (auto colon = message.find(": "); colon != std::string::npos) message = message.substr(colon + 2);
    diags.error(at(e.byte > 0 ? e.byte - 1 : 0), "invalid JSON: " + message,
                "look for a missing comma, quote or bracket just before this position");
  } catch (const nlohmann::json::exception& e) {
    // A number beyond a double ("1e999": out_of_range.406, found by the flow_structure fuzz target;
    // it used to end manualgen with std::terminate). The message names the number but not where it
    // is: its first occurrence in the file is.
    std::string message = e.what();
    if (auto bracket = message.find("] "); bracket != std::string::npos) message = message.substr(bracket + 2);
    size_t offset = 0;
    if (size_t open = message.find('\''), close = message.rfind('\''); open != std::string::npos && close > open)
      if (size_t found = text.find(message.substr(open + 1, close - open - 1)); found != std::string::npos)
        offset = found;
    diags.error(at(offset), "invalid JSON: " + message,
                "write the number in full; the numbers in these files are small counts and lengths");
  }
  return std::nullopt;
}

JsonObject::JsonObject(const nlohmann::json& value, std::string pointer, const SourceMap& map, Diagnostics& diags)
    : value_(value), pointer_(std::move(pointer)), map_(map), diags_(diags) {
  if (!value_.is_object()) {
    ok_ = false;
    diags_.error(map_.at(pointer_), std::string("expected an object { … } but found ") + json_type_name(value_));
  }
}

bool JsonObject::has(const std::string& key) const { return ok_ && value_.contains(key); }

const nlohmann::json* JsonObject::member(const std::string& key) const {
  if (!has(key)) return nullptr;
  return &value_.at(key);
}

std::string JsonObject::pointer(const std::string& key) const { return pointer_ + "/" + pointer_token(key); }

bool JsonObject::present(const std::string& key, Need need) {
  if (!ok_) return false;
  if (value_.contains(key) && !value_.at(key).is_null()) return true;
  if (need == Need::required)
    diags_.error(map_.at(pointer_), "missing required field \"" + key + "\"", "add \"" + key + "\": … to this object");
  return false;
}

void JsonObject::wrong_type(const std::string& key, const char* expected, const char* hint) {
  diags_.error(at(key), "\"" + key + "\" must be " + expected + ", not " + json_type_name(value_.at(key)), hint);
}

bool JsonObject::safe_text(const std::string& pointer, const std::string& s) {
  char32_t c = 0;
  if (find_unsafe_character(s, c) == std::string::npos) return true;
  diags_.error(map_.at(pointer), "the text contains " + describe_unsafe_character(c), kUnsafeCharacterHint);
  return false;
}

std::optional<std::string> JsonObject::string(const std::string& key, Need need, bool allow_empty) {
  if (!present(key, need)) return std::nullopt;
  const auto& v = value_.at(key);
  if (!v.is_string()) {
    wrong_type(key, "a string", "put the value in double quotes: \"…\"");
    return std::nullopt;
  }
  std::string s = v.get<std::string>();
  safe_text(pointer(key), s);  // reported; the value is kept so nothing else is reported for it
  if (s.empty() && !allow_empty) {
    diags_.error(at(key), "\"" + key + "\" is empty", "give it a value or remove it");
    return std::nullopt;
  }
  return s;
}

std::optional<int> JsonObject::integer(const std::string& key, Need need, int min, int max) {
  if (!present(key, need)) return std::nullopt;
  const auto& v = value_.at(key);
  if (!v.is_number_integer()) {
    wrong_type(key, "a whole number", "write the number without quotes, e.g. 2");
    return std::nullopt;
  }
  auto n = v.get<long long>();
  if (n < min || n > max) {
    diags_.error(at(key),
                 "\"" + key + "\" is " + std::to_string(n) + ", outside the allowed range " + std::to_string(min) +
                     " to " + std::to_string(max),
                 "choose a value from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<int>(n);
}

std::optional<bool> JsonObject::boolean(const std::string& key, Need need) {
  if (!present(key, need)) return std::nullopt;
  const auto& v = value_.at(key);
  if (!v.is_boolean()) {
    wrong_type(key, "true or false", "write true or false without quotes");
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<std::vector<std::string>> JsonObject::strings(const std::string& key, Need need) {
  if (!present(key, need)) return std::nullopt;
  const auto& v = value_.at(key);
  if (!v.is_array()) {
    wrong_type(key, "a list of strings [\"…\", …]", "write it as a list, e.g. [\"nl\", \"en\"]");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool good = true;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      diags_.error(map_.at(pointer(key) + "/" + std::to_string(i)),
                   std::string("list item must be a string, not ") + json_type_name(v[i]));
      good = false;
      continue;
    }
    safe_text(pointer(key) + "/" + std::to_string(i), v[i].get_ref<const std::string&>());
    out.push_back(v[i].get<std::string>());
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<JsonObject> JsonObject::object(const std::string& key, Need need) {
  if (!present(key, need)) return std::nullopt;
  JsonObject child(value_.at(key), pointer(key), map_, diags_);
  if (!child.ok()) return std::nullopt;
  return child;
}

void JsonObject::reject_unknown(const std::vector<std::string>& known, const std::vector<std::string>& unlisted) {
  if (!ok_) return;
  for (const auto& [key, unused] : value_.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end() ||
        std::find(unlisted.begin(), unlisted.end(), key) != unlisted.end())
      continue;
    std::string suggestion = closest_match(key, known);
    diags_.error(
        at(key), "unknown field \"" + key + "\"",
        suggestion.empty() ? "allowed here: " + join_quoted(known, " and ") : "did you mean \"" + suggestion + "\"?");
  }
}

}  // namespace manualgen
