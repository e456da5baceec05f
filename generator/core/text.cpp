#include "generator/core/text.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "generator/core/input_file.h"

namespace manualgen {

namespace {
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string join_quoted(const std::vector<std::string>& items, std::string_view last_separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? std::string(last_separator) : ", ";
    out += "\"" + items[i] + "\"";
  }
  return out;
}

std::string count_of(long long n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

bool is_slug(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  char previous = 0;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return s.back() != '-';
}

namespace {
// The entity of each character HTML needs escaped, by byte; nullptr for the others. Looked up once
// per byte of every value of every page: a table lets the scan skip plain text quickly.
struct EscapeTable {
  const char* entity[256] = {};
  EscapeTable() {
    entity[static_cast<unsigned char>('&')] = "&amp;";
    entity[static_cast<unsigned char>('<')] = "&lt;";
    entity[static_cast<unsigned char>('>')] = "&gt;";
    entity[static_cast<unsigned char>('"')] = "&quot;";
    entity[static_cast<unsigned char>('\'')] = "&#39;";
  }
};
const EscapeTable kEscapes;
}  // namespace

std::string html_escape(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && !kEscapes.entity[static_cast<unsigned char>(s[i])]) ++i;
  // Most values have nothing to escape and are short: their copy fits in the string itself.
  if (i == s.size()) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  // Copies the runs between special characters whole.
  size_t start = 0;
  for (; i < s.size(); ++i) {
    const char* entity = kEscapes.entity[static_cast<unsigned char>(s[i])];
    if (!entity) continue;
    out.append(s.data() + start, i - start);
    out += entity;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
  return out;
}

std::string tel_uri(std::string_view phone) {
  std::string out = "tel:";
  for (char c : phone)
    if ((c >= '0' && c <= '9') || (c == '+' && out.size() == 4)) out += c;
  return out;
}

bool read_file(const std::string& path, std::string& out) {
  return read_regular_file(path, std::numeric_limits<size_t>::max() - 1, out).problem == ReadProblem::none;
}

int line_of_offset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

TextPosition position_of_offset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  return {line_of_offset(text, offset), static_cast<int>(offset - line_start) + 1};
}

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

int LineIndex::line_of(std::ptrdiff_t offset) const {
  if (offset < 0) return 0;
  auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<size_t>(offset));
  return static_cast<int>(it - starts_.begin());
}

std::string replaced(std::string_view s, std::initializer_list<std::pair<char, std::string_view>> replacements) {
  std::string out;
  for (char c : s) {
    auto r = std::find_if(replacements.begin(), replacements.end(), [c](const auto& p) { return p.first == c; });
    if (r == replacements.end())
      out += c;
    else
      out += r->second;
  }
  return out;
}

std::string ascii_lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool valid_utf8(std::string_view s, size_t& bad_offset) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    // Overlong forms (C0, C1, E0 80–9F, F0 80–8F), surrogates (ED A0–BF) and code points above
    // U+10FFFF (F4 90–, F5–) are not UTF-8 either.
    bool bad = len == 0 || i + len > s.size() || c == 0xC0 || c == 0xC1 || c > 0xF4;
    for (size_t k = 1; !bad && k < len; ++k) bad = (static_cast<unsigned char>(s[i + k]) >> 6) != 2;
    if (!bad && len > 2) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      bad =
          (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F);
    }
    if (bad) {
      bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
}

std::string_view without_bom(std::string_view text) {
  return text.substr(0, kBom.size()) == kBom ? text.substr(kBom.size()) : text;
}

bool strip_bom(std::string& text) {
  if (without_bom(text).size() == text.size()) return false;
  text.erase(0, kBom.size());
  return true;
}

size_t find_unsafe_character(std::string_view s, char32_t& found) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      found = c;
      return i;
    }
    if (c == 0xC2 && i + 1 < s.size()) {  // C1 controls U+0080–U+009F
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if (c1 >= 0x80 && c1 <= 0x9F) {
        found = c1;
        return i;
      }
    }
    if (c == 0xE2 && i + 2 < s.size()) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      auto c2 = static_cast<unsigned char>(s[i + 2]);
      char32_t cp = 0x2000u + ((c1 & 0x3Fu) << 6) + (c2 & 0x3Fu);
      if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
        found = cp;
        return i;
      }
    }
  }
  return std::string_view::npos;
}

std::string describe_unsafe_character(char32_t c) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
  if (c >= 0x2000) return std::string(code) + " (an invisible right-to-left or left-to-right override)";
  return std::string(code) + " (an invisible control character)";
}

}  // namespace manualgen
