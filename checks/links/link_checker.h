#pragma once
// `manualgen check links` without the command line: every written page read, internal links and
// fragments checked against the files and ids, external URLs asked once each (through the cache
// and a `UrlFetcher`), and the servicedesk's old deep links checked against a baseline.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "checks/links/link_cache.h"
#include "checks/links/link_fetcher.h"
#include "checks/links/link_rules.h"
#include "checks/report/report.h"

namespace manualgen {

struct LinkCheckOptions {
  std::filesystem::path site;
  std::string site_shown;              // how the site folder is named in locations ("public")
  std::vector<std::string> baselines;  // links.json files of earlier releases
  std::int64_t now = 0;                // Unix seconds, for the cache
};

/// What a run counted; unique URLs are counted without their fragment, and each is exactly one
/// of ok, redirected, broken or excluded. Cached ones are ok or redirected without a request.
struct LinkCheckStats {
  size_t pages = 0;
  size_t links = 0;
  size_t unique = 0;
  int requests = 0;
  size_t ok = 0;
  size_t redirected = 0;
  size_t broken = 0;
  size_t excluded = 0;
  size_t cached = 0;
};

/// Checks the site. Without a `fetcher` (--offline) external URLs are excluded, not asked. With
/// a `cache`, it answers first and takes every good new answer. Bad input (no site, a baseline
/// that cannot be read) goes to `diags`; problems found in the site are the report's findings.
Report check_links(const LinkCheckOptions& options, const LinkRules& rules, UrlFetcher* fetcher, LinkCache* cache,
                   LinkCheckStats& stats, Diagnostics& diags);

}  // namespace manualgen
