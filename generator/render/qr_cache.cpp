#include "generator/render/qr_cache.h"

#include "generator/core/text.h"

#include <qrencode.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// Entries beyond this are dropped when the file is written, those this build did not use first:
// ten times the 500-organisation benchmark site, about 15 MB.
constexpr size_t kMaxEntries = 50000;

// A cache made by another encoder or with other settings could hold other symbols for the same
// text; the header names both, and a file with another header is ignored.
std::string header() {
  const char* version = QRcode_APIVersionString();  // held by the library
  return std::string("manualgen qr cache 1; libqrencode ") + (version ? version : "?") + "; level M; bytes";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string to_hex(const QrCode& code) {
  static const char digits[] = "0123456789abcdef";
  const int n = code.size();
  std::string hex;
  hex.reserve(static_cast<size_t>(n * n + 3) / 4);
  int nibble = 0;
  int bits = 0;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      nibble = (nibble << 1) | (code.dark(x, y) ? 1 : 0);
      if (++bits == 4) {
        hex += digits[nibble];
        nibble = bits = 0;
      }
    }
  if (bits > 0) hex += digits[nibble << (4 - bits)];
  return hex;
}

// Whether `hex` can be the modules of a symbol of `size` × `size`.
bool valid_entry(int size, std::string_view hex) {
  // Sizes of QR symbols: 21 (version 1) to 177 (version 40) in steps of 4.
  if (size < 21 || size > 177 || (size - 21) % 4 != 0) return false;
  const size_t count = static_cast<size_t>(size) * static_cast<size_t>(size);
  if (hex.size() != (count + 3) / 4) return false;
  return std::all_of(hex.begin(), hex.end(), [](char c) { return hex_value(c) >= 0; });
}

// Of an entry `valid_entry` accepted.
QrCode from_hex(int size, std::string_view hex) {
  const size_t count = static_cast<size_t>(size) * static_cast<size_t>(size);
  std::vector<unsigned char> modules(hex.size() * 4);
  for (size_t i = 0; i < hex.size(); ++i) {
    const int v = hex_value(hex[i]);
    modules[4 * i] = (v >> 3) & 1;
    modules[4 * i + 1] = (v >> 2) & 1;
    modules[4 * i + 2] = (v >> 1) & 1;
    modules[4 * i + 3] = v & 1;
  }
  modules.resize(count);
  return QrCode(size, std::move(modules));
}

}  // namespace

std::string QrCache::default_dir() {
  if (const char* dir = std::getenv("MANUALGEN_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return (fs::path(xdg) / "manualgen").string();
  if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".cache" / "manualgen").string();
  return "";
}

std::string QrCache::file() const { return dir_.empty() ? "" : (fs::path(dir_) / "qr-v1.txt").string(); }

void QrCache::load_locked() {
  loaded_ = true;
  if (dir_.empty() || !read_file(file(), file_)) return;
  std::string_view rest(file_);
  auto next_line = [&rest] {
    const size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    return line;
  };
  if (next_line() != header()) return;
  while (!rest.empty()) {
    const std::string_view line = next_line();
    const size_t space1 = line.find(' ');
    const size_t space2 = space1 == std::string_view::npos ? std::string_view::npos : line.find(' ', space1 + 1);
    int size = 0;
    if (space2 == std::string_view::npos ||
        std::from_chars(line.data(), line.data() + space1, size).ptr != line.data() + space1)
      continue;
    const std::string_view hex = line.substr(space1 + 1, space2 - space1 - 1);
    entries_[line.substr(space2 + 1)] = Entry{size, hex, false};
  }
}

std::optional<QrCode> QrCache::get(std::string_view text) {
  // A line break would end the entry's line in the file: such texts are encoded every time.
  const bool cacheable = !dir_.empty() && text.find_first_of("\r\n") == std::string_view::npos;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!loaded_) load_locked();
    if (auto it = entries_.find(text); it != entries_.end()) {
      if (valid_entry(it->second.size, it->second.hex)) {
        it->second.used = true;
        ++hits_;
        return from_hex(it->second.size, it->second.hex);
      }
      entries_.erase(it);  // damaged: encoded again below, and the file's line replaced
    }
  }
  auto code = QrCode::encode(text);  // outside the lock: this is the slow part
  if (code && cacheable) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++misses_;
    const std::string_view key = added_texts_.emplace_back(text);
    const std::string_view hex = added_texts_.emplace_back(to_hex(*code));
    entries_[key] = Entry{code->size(), hex, true};
    added_ = true;
  }
  return code;
}

std::string QrCache::svg(std::string_view text, std::string_view label) {
  auto code = get(text);
  return code ? qr_svg(*code, label) : std::string();
}

bool QrCache::save(std::string& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!added_ || dir_.empty()) return true;
  std::vector<const std::pair<const std::string_view, Entry>*> keep;
  keep.reserve(entries_.size());
  for (const auto& entry : entries_) keep.push_back(&entry);
  // Used first, then by text: the same entries give the same file.
  std::sort(keep.begin(), keep.end(),
            [](auto* a, auto* b) { return a->second.used != b->second.used ? a->second.used : a->first < b->first; });
  if (keep.size() > kMaxEntries) keep.resize(kMaxEntries);

  std::error_code ec;
  fs::create_directories(dir_, ec);
  const std::string target = file();
  const std::string temp = target + "." + std::to_string(::getpid()) + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << header() << '\n';
    for (const auto* entry : keep) out << entry->second.size << ' ' << entry->second.hex << ' ' << entry->first << '\n';
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      error = "cannot write " + temp;
      return false;
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    error = "cannot replace " + target + ": " + ec.message();
    return false;
  }
  added_ = false;
  return true;
}

}  // namespace manualgen
