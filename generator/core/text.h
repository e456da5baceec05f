#pragma once
// Small string helpers shared by the loaders.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace manualgen {

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// `a`, `b` or `c` — for listing allowed values in a message.
std::string join_quoted(const std::vector<std::string>& items, std::string_view last_separator = " or ");

/// "1 organisation", "3 organisations": `noun` with an s unless `n` is 1. For summary lines, so the
/// commands and the check reports count alike.
std::string count_of(long long n, std::string_view noun);

/// Lowercase ASCII letters, digits and single hyphens, starting with a letter: safe as a folder
/// name and as an HTML id on every file system.
bool is_slug(std::string_view s);

std::string html_escape(std::string_view s);

/// `tel:` URI of a phone number as people write it ("020 555 01 42" → "tel:0205550142").
std::string tel_uri(std::string_view phone);

/// Reads a whole regular file without a size limit (files manualgen wrote itself); false if it
/// cannot be read. Inputs are read with `read_input_file` (core/input_file.h), which has one.
bool read_file(const std::string& path, std::string& out);

/// 1-based line number of byte `offset` in `text`.
int line_of_offset(std::string_view text, size_t offset);

/// 1-based line and column (in bytes) of byte `offset` in `text`.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition position_of_offset(std::string_view text, size_t offset);

/// Line numbers of many offsets in one text, by binary search over the line starts.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  /// 1-based line of byte `offset`; 0 for a negative offset.
  int line_of(std::ptrdiff_t offset) const;

 private:
  std::vector<size_t> starts_;
};

/// `s` with each character that `replacements` names replaced by its text.
std::string replaced(std::string_view s, std::initializer_list<std::pair<char, std::string_view>> replacements);

/// `s` with ASCII letters in lowercase (names, hosts, keywords: never prose in other scripts).
std::string ascii_lowercase(std::string_view s);

/// Whether `s` is well-formed UTF-8; if not, `bad_offset` is the first byte that is not.
bool valid_utf8(std::string_view s, size_t& bad_offset);

/// Removes a UTF-8 byte-order mark from the start of `text` (Windows Notepad writes one);
/// returns whether there was one.
bool strip_bom(std::string& text);
/// `text` without a UTF-8 byte-order mark at its start.
std::string_view without_bom(std::string_view text);

/// The first character of valid UTF-8 `s` that must not reach a page: a control character other
/// than tab and line breaks (not allowed in XML, invisible in editors) or a bidirectional
/// override, embedding or isolate (U+202A–U+202E, U+2066–U+2069), which can make text display
/// reversed ("Trojan Source"). Returns its byte offset, or npos, and the character in `found`.
size_t find_unsafe_character(std::string_view s, char32_t& found);

/// "U+202E (an invisible right-to-left or left-to-right override)", for messages.
std::string describe_unsafe_character(char32_t c);
inline constexpr const char* kUnsafeCharacterHint =
    "remove it: it is invisible in most editors, and right-to-left text displays correctly without overrides";

}  // namespace manualgen
