#pragma once
// Good answers kept across runs in a JSON file, so a second check within the day asks nothing
// again. Only answers that were judged good are kept, and each only until it is older than the
// maximum age: a broken link is always asked again.

#include <cstdint>
#include <map>
#include <string>

#include "checks/links/link_fetcher.h"
#include "generator/core/diagnostics.h"

namespace manualgen {

class LinkCache {
 public:
  /// Reads `path` if it exists, dropping entries checked before `now - max_age_s` (Unix seconds).
  /// A file that cannot be read is a warning: the run starts with an empty cache.
  static LinkCache load(const std::string& path, std::int64_t now, int max_age_s, Diagnostics& diags);

  /// The kept answer for `url` (marked `cached`), or null.
  const FetchResult* find(const std::string& url) const;
  /// Keeps a good answer obtained at `now`.
  void store(const FetchResult& result, std::int64_t now);
  /// Writes the file (through a temporary file and a rename); false with `error` on failure.
  bool save(const std::string& path, std::string& error) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::int64_t checked = 0;
    FetchResult result;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace manualgen
