#pragma once
// QR symbols kept between builds, keyed by the text they encode. libqrencode spends about 0.1 ms
// per symbol trying all eight masks; a site of 500 organisations carries 5,000 symbols, the same
// ones on every build, so a change to the theme or the prose (which re-renders every page) or a
// build into an emptied output folder would otherwise pay for all of them again. Like Hugo's
// resource cache it lives outside the output folder, in the user's cache folder by default.
//
// File <dir>/qr-v1.txt: a header naming the encoder and its settings, then one line per symbol:
// "<size> <modules as hex, row by row> <text>". A file with another header is ignored; a line that
// does not parse is skipped. The cache can only make a build faster: output is byte-identical
// with it, without it, and with a damaged one (tested).

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "generator/render/qr_code.h"

namespace manualgen {

class QrCache {
 public:
  /// A cache in folder `dir`, read on first use; empty `dir`: no cache, every symbol is encoded.
  explicit QrCache(std::string dir) : dir_(std::move(dir)) {}

  /// The default folder: $MANUALGEN_CACHE_DIR, else $XDG_CACHE_HOME/manualgen, else
  /// $HOME/.cache/manualgen; empty when none of them is set.
  static std::string default_dir();

  /// The symbol for `text`, remembered or encoded; nullopt when it cannot be encoded. Thread-safe.
  std::optional<QrCode> get(std::string_view text);

  /// `get` then `qr_svg`; empty when `text` cannot be encoded.
  std::string svg(std::string_view text, std::string_view label);

  /// Writes the file when this build encoded symbols it did not have (atomically: a temporary
  /// file renamed over it). False, with the reason in `error`, when it could not.
  bool save(std::string& error);

  int hits() const { return hits_; }
  int misses() const { return misses_; }
  std::string file() const;

 private:
  // The file's text is kept whole and its entries point into it: a cache at its cap (50,000
  // symbols, 16 MB) was read in 55 ms as a string per line and per symbol, in every build that
  // renders. An entry's modules are checked when a build first uses it.
  struct Entry {
    int size = 0;
    std::string_view hex;  // into file_ or added_texts_
    bool used = false;     // by this build: kept first when the file is trimmed
  };
  void load_locked();

  std::string dir_;
  std::mutex mutex_;
  bool loaded_ = false;
  bool added_ = false;
  int hits_ = 0;
  int misses_ = 0;
  std::string file_;                                     // the cache file as read
  std::deque<std::string> added_texts_;                  // texts and modules of symbols encoded by this build
  std::unordered_map<std::string_view, Entry> entries_;  // text → symbol; views into the two above
};

}  // namespace manualgen
