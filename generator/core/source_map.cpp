#include "generator/core/source_map.h"
#include "generator/core/text.h"

#include <algorithm>

namespace manualgen {

std::string pointer_token(std::string_view key) { return replaced(key, {{'~', "~0"}, {'/', "~1"}}); }

namespace {

// The last reference token of `pointer`, unescaped (`~1` → `/`, `~0` → `~`).
std::string member_name(std::string_view pointer) {
  std::string_view token = pointer.substr(pointer.rfind('/') + 1);
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[++i] == '1' ? '/' : '~';
      continue;
    }
    out += token[i];
  }
  return out;
}

// A recursive walk over text that is known to be valid JSON; it only tracks where values start.
// It stops at a depth of `kMaxJsonDepth`, which parsed text never exceeds (json_file checks it).
class Scanner {
 public:
  using Positions = std::unordered_map<std::string, SourceMap::Position>;
  Scanner(std::string_view text, Positions& out, std::vector<SourceMap::Repeated>& repeated)
      : text_(text), out_(out), repeated_(repeated) {}

  void value(const std::string& pointer, int depth = 0) {
    skip_ws();
    if (pos_ >= text_.size()) return;
    if (depth > kMaxJsonDepth) {
      pos_ = text_.size();
      return;
    }
    const SourceMap::Position here{line_, static_cast<int>(pos_ - line_start_) + 1};
    // A pointer seen before is a repeated member name (or a value inside one): the last one is
    // the parser's.
    if (auto [it, added] = out_.try_emplace(pointer, here); !added) {
      repeated_.push_back({pointer, it->second, here});
      it->second = here;
    }
    char c = text_[pos_];
    if (c == '{') {
      object(pointer, depth + 1);
    } else if (c == '[') {
      array(pointer, depth + 1);
    } else if (c == '"') {
      string();
    } else {
      while (pos_ < text_.size() && std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) ++pos_;
    }
  }

 private:
  void object(const std::string& pointer, int depth) {
    ++pos_;
    skip_ws();
    if (peek() == '}') {
      ++pos_;
      return;
    }
    while (pos_ < text_.size()) {
      skip_ws();
      std::string key = string();
      skip_ws();
      ++pos_;  // ':'
      value(pointer + "/" + pointer_token(key), depth);
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      ++pos_;  // '}'
      return;
    }
  }

  void array(const std::string& pointer, int depth) {
    ++pos_;
    skip_ws();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    for (int index = 0; pos_ < text_.size(); ++index) {
      value(pointer + "/" + std::to_string(index), depth);
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      ++pos_;  // ']'
      return;
    }
  }

  // The string's content with its escapes decoded, as the parser reads member names: pointers
  // must name the members the loaders ask for, and "\u0041" and "A" are one name.
  std::string string() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c != '\\' || pos_ >= text_.size()) {
        out += c;
        continue;
      }
      switch (char escaped = text_[pos_++]) {
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
          append_utf8(code_point(), out);
          break;
        default:  // \" \\ \/
          out += escaped;
      }
    }
    ++pos_;  // closing quote
    return out;
  }

  // The code point of a \u escape whose "\u" has been read, with a surrogate pair's second half.
  char32_t code_point() {
    char32_t c = hex4();
    if (c >= 0xD800 && c <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
      pos_ += 2;
      char32_t low = hex4();
      return 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
    }
    return c;
  }

  char32_t hex4() {
    char32_t c = 0;
    for (int i = 0; i < 4 && pos_ < text_.size(); ++i, ++pos_) {
      char h = text_[pos_];
      c = c * 16 + static_cast<char32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    return c;
  }

  static void append_utf8(char32_t c, std::string& out) {
    auto byte = [&](char32_t b) { out += static_cast<char>(b); };
    if (c < 0x80) {
      byte(c);
    } else if (c < 0x800) {
      byte(0xC0 | (c >> 6));
      byte(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      byte(0xE0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 0x3F));
      byte(0x80 | (c & 0x3F));
    } else {
      byte(0xF0 | ((c >> 18) & 0x07));
      byte(0x80 | ((c >> 12) & 0x3F));
      byte(0x80 | ((c >> 6) & 0x3F));
      byte(0x80 | (c & 0x3F));
    }
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void skip_ws() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      ++pos_;
    }
  }

  std::string_view text_;
  Positions& out_;
  std::vector<SourceMap::Repeated>& repeated_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  int line_ = 1;
};

}  // namespace

SourceMap::SourceMap(std::string file, std::string_view text)
    : file_(std::move(file)), scan_(std::make_shared<Scan>()) {
  scan_->text = text;
}

const SourceMap::Scan& SourceMap::scanned() const {
  std::call_once(scan_->once, [scan = scan_.get()] {
    Scanner(without_bom(scan->text), scan->positions, scan->repeated).value("");
    scan->text = std::string();
  });
  return *scan_;
}

Location SourceMap::at(const std::string& pointer) const {
  if (!scan_) return {file_, 0, 0, pointer};
  const Scan& scan = scanned();
  std::string probe = pointer;
  while (true) {
    if (auto it = scan.positions.find(probe); it != scan.positions.end())
      return {file_, it->second.line, it->second.column, pointer};
    if (probe.empty()) return {file_, 0, 0, pointer};
    probe.erase(probe.rfind('/'));
  }
}

std::vector<DuplicateKey> SourceMap::duplicates() const {
  std::vector<DuplicateKey> out;
  if (!scan_) return out;
  for (const Repeated& r : scanned().repeated) {
    // A value inside a repeated member repeats with it; the member is the mistake.
    auto inside = [&](const DuplicateKey& d) {
      const std::string& outer = d.second.pointer;
      return r.pointer.size() > outer.size() && r.pointer.compare(0, outer.size(), outer) == 0 &&
             r.pointer[outer.size()] == '/';
    };
    if (std::any_of(out.begin(), out.end(), inside)) continue;
    out.push_back({member_name(r.pointer),
                   {file_, r.first.line, r.first.column, r.pointer},
                   {file_, r.second.line, r.second.column, r.pointer}});
  }
  return out;
}

}  // namespace manualgen
