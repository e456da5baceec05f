#include "generator/render/template_splice.h"

#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <exception>
#include <random>

namespace manualgen {

namespace {

// SUB: not allowed in XML, so no well-formed page has one; one in the project's text is kept as it is.
constexpr char kMark = '\x1A';

// "\x1A" + 16 hex digits: the same for every marker of this run, different in the next.
const std::string& marker_prefix() {
  static const std::string prefix = [] {
    unsigned long long nonce = 0;
    try {
      std::random_device random;
      nonce = (static_cast<unsigned long long>(random()) << 32) ^ random();
    } catch (const std::exception&) {  // no source of randomness: the clock and the process differ per run
      nonce = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
              (static_cast<unsigned long long>(::getpid()) << 40);
    }
    static const char digits[] = "0123456789abcdef";
    std::string p(1, kMark);
    for (int shift = 60; shift >= 0; shift -= 4) p += digits[(nonce >> shift) & 0xF];
    return p;
  }();
  return prefix;
}

// Without the white space around it, as kainjow trims a tag's contents (std::isspace).
std::string_view trimmed(std::string_view inner) {
  while (!inner.empty() && std::isspace(static_cast<unsigned char>(inner.front()))) inner.remove_prefix(1);
  while (!inner.empty() && std::isspace(static_cast<unsigned char>(inner.back()))) inner.remove_suffix(1);
  return inner;
}

}  // namespace

// Reads the tags as kainjow's parser does: "{{{" opens a raw tag closed by "}}}"; in the others the
// contents are trimmed and their first character is the sigil.
std::unordered_set<std::string> raw_only_names(std::string_view source) {
  std::unordered_set<std::string> raw;
  std::unordered_set<std::string> escaped;
  for (size_t open = source.find("{{"); open != std::string_view::npos; open = source.find("{{", open + 2)) {
    const bool triple = source.compare(open, 3, "{{{") == 0;
    const size_t start = open + (triple ? 3 : 2);
    const size_t close = source.find(triple ? "}}}" : "}}", start);
    if (close == std::string_view::npos) break;
    const std::string_view inner = trimmed(source.substr(start, close - start));
    if (triple) {
      raw.emplace(inner);
    } else if (!inner.empty() && inner.front() == '=') {
      return {};  // new delimiters: the tags after it are not found by this scan
    } else if (!inner.empty() && inner.front() == '&') {
      raw.emplace(trimmed(inner.substr(1)));
    } else if (inner.empty() || std::strchr("#^/!>", inner.front()) == nullptr) {
      escaped.emplace(inner);
    }
    open = close;
  }
  for (const auto& name : escaped) raw.erase(name);
  return raw;
}

std::string Splices::marker(std::string_view value) {
  std::string m = marker_prefix();
  m += std::to_string(values_.size());
  m += kMark;
  values_.push_back(value);
  return m;
}

std::string Splices::apply(std::string rendered) {
  if (values_.empty()) return rendered;
  const std::string& prefix = marker_prefix();
  size_t size = rendered.size();
  for (std::string_view v : values_) size += v.size();
  std::string out;
  out.reserve(size);
  size_t from = 0;
  for (size_t at = rendered.find(kMark); at != std::string::npos; at = rendered.find(kMark, at + 1)) {
    if (rendered.compare(at, prefix.size(), prefix) != 0) continue;  // a SUB of the project's own
    size_t end = at + prefix.size();
    size_t index = 0;
    while (end < rendered.size() && rendered[end] >= '0' && rendered[end] <= '9')
      index = index * 10 + static_cast<size_t>(rendered[end++] - '0');
    if (end == at + prefix.size() || end >= rendered.size() || rendered[end] != kMark || index >= values_.size())
      continue;
    out.append(rendered, from, at - from);
    out.append(values_[index]);
    from = end + 1;
    at = end;
  }
  out.append(rendered, from, std::string::npos);
  values_.clear();
  return out;
}

}  // namespace manualgen
