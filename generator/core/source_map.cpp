#include "generator/core/source_map.h"
#include "generator/core/text.h"

namespace manualgen {

std::string pointer_token(std::string_view key) { return replaced(key, {{'~', "~0"}, {'/', "~1"}}); }

namespace {

// A recursive walk over text that is known to be valid JSON; it only tracks where values start.
class Scanner {
 public:
  Scanner(std::string_view text, std::unordered_map<std::string, std::pair<int, int>>& out) : text_(text), out_(out) {}

  void value(const std::string& pointer) {
    skip_ws();
    if (pos_ >= text_.size()) return;
    out_[pointer] = {line_, static_cast<int>(pos_ - line_start_) + 1};
    char c = text_[pos_];
    if (c == '{') {
      object(pointer);
    } else if (c == '[') {
      array(pointer);
    } else if (c == '"') {
      string();
    } else {
      while (pos_ < text_.size() && std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) ++pos_;
    }
  }

 private:
  void object(const std::string& pointer) {
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
      value(pointer + "/" + pointer_token(key));
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      ++pos_;  // '}'
      return;
    }
  }

  void array(const std::string& pointer) {
    ++pos_;
    skip_ws();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    for (int index = 0; pos_ < text_.size(); ++index) {
      value(pointer + "/" + std::to_string(index));
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      ++pos_;  // ']'
      return;
    }
  }

  // Returns the string's raw content; escapes other than \" and \\ are kept as written, which is
  // enough for object keys in our files (plain ASCII names).
  std::string string() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        ++pos_;
        if (text_[pos_] != '"' && text_[pos_] != '\\' && text_[pos_] != '/') out += '\\';
      }
      out += text_[pos_++];
    }
    ++pos_;  // closing quote
    return out;
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
  std::unordered_map<std::string, std::pair<int, int>>& out_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  int line_ = 1;
};

}  // namespace

SourceMap::SourceMap(std::string file, std::string_view text)
    : file_(std::move(file)), scan_(std::make_shared<Scan>()) {
  scan_->text = text;
}

Location SourceMap::at(const std::string& pointer) const {
  if (!scan_) return {file_, 0, 0, pointer};
  std::call_once(scan_->once, [scan = scan_.get()] {
    std::unordered_map<std::string, std::pair<int, int>> raw;
    std::string_view text = scan->text;
    Scanner(without_bom(text), raw).value("");
    for (auto& [p, pos] : raw) scan->positions[p] = {pos.first, pos.second};
    scan->text = std::string();
  });
  std::string probe = pointer;
  while (true) {
    if (auto it = scan_->positions.find(probe); it != scan_->positions.end())
      return {file_, it->second.line, it->second.column, pointer};
    if (probe.empty()) return {file_, 0, 0, pointer};
    probe.erase(probe.rfind('/'));
  }
}

}  // namespace manualgen
