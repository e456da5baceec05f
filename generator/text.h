#pragma once
// Small string helpers shared by the loaders.

#include <string>
#include <string_view>
#include <vector>

namespace manualgen {

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// `a`, `b` or `c` — for listing allowed values in a message.
std::string join_quoted(const std::vector<std::string>& items, std::string_view last_separator = " or ");

/// Lowercase ASCII letters, digits and single hyphens, starting with a letter: safe as a folder
/// name and as an HTML id on every file system.
bool is_slug(std::string_view s);

std::string html_escape(std::string_view s);

/// `tel:` URI of a phone number as people write it ("020 555 01 42" → "tel:0205550142").
std::string tel_uri(std::string_view phone);

/// Reads a whole file; false if it cannot be read.
bool read_file(const std::string& path, std::string& out);

/// 1-based line number of byte `offset` in `text`.
int line_of_offset(std::string_view text, size_t offset);

}  // namespace manualgen
