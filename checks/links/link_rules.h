#pragma once
// The link checker's settings: how politely and how long to ask (limits, timeouts, retries),
// which answers count as good (accepted status codes per host), what to leave alone
// (exclusions) and where redirects must lead (shortlinks and their expected destinations).
// Defaults are below; `checks/links.json` adds what is known about the hosts the manuals link.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/core/version.h"

namespace manualgen {

struct StatusRange {
  int low = 0;
  int high = 0;
};

/// Settings for the hosts a pattern matches: `aka.ms` exactly, `*.microsoft.com` its subdomains.
struct HostRule {
  std::string pattern;
  std::optional<int> connections;
  std::optional<int> min_interval_ms;
  std::optional<bool> get_first;    // skip HEAD: the host answers HEAD wrongly
  std::vector<StatusRange> accept;  // empty: the global `accept`
};

/// `url` must end, after all its redirects, on a host `final_hosts` matches.
struct RedirectExpectation {
  std::string url;  // normalised, without fragment
  std::vector<std::string> final_hosts;
  Location where;
};

struct LinkRules {
  std::string user_agent = std::string("manualgen-check-links/") + kVersion;
  int concurrency = 16;          // requests in flight, all hosts together
  int connections_per_host = 4;  // requests in flight to one host
  int min_interval_ms = 100;     // between the starts of two requests to one host
  int connect_timeout_ms = 10000;
  int total_timeout_ms = 20000;    // one request, from start to last byte read
  int max_retries = 2;             // after network errors, 5xx, 429
  int backoff_ms = 500;            // first retry delay; doubled each time, ±50 % jitter
  int retry_after_cap_ms = 30000;  // the longest Retry-After honoured
  int max_redirects = 10;
  int max_body_bytes = 64 * 1024;  // of a GET; the status is known long before
  int cache_max_age_s = 24 * 3600;
  std::vector<StatusRange> accept = {{200, 299}};
  std::vector<std::string> exclude;        // URL prefixes never requested
  std::vector<std::string> exclude_hosts;  // host patterns never requested
  std::vector<HostRule> hosts;
  std::vector<std::string> shortlink_hosts;      // a redirect from these to…
  std::vector<std::string> search_engine_hosts;  // …these is a dead shortlink
  std::vector<RedirectExpectation> expectations;

  /// The rule for `host`: an exact pattern first, else the longest matching `*.` pattern.
  const HostRule* host_rule(std::string_view host) const;
  int connections_for(std::string_view host) const;
  int min_interval_for(std::string_view host) const;
  bool get_first(std::string_view host) const;
  bool accepts(std::string_view host, long status) const;
  bool excluded(std::string_view url, std::string_view host) const;
  const RedirectExpectation* expectation_for(std::string_view url) const;
};

/// `aka.ms` matches only `aka.ms`; `*.bing.com` matches `www.bing.com`, not `bing.com`.
bool host_matches(std::string_view pattern, std::string_view host);
bool host_matches_any(const std::vector<std::string>& patterns, std::string_view host);

/// Reads a rules file over the defaults; every problem is a diagnostic with line and JSON pointer.
std::optional<LinkRules> load_link_rules(const std::string& path, const std::string& display, Diagnostics& diags);

}  // namespace manualgen
