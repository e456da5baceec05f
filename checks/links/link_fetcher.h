#pragma once
// External URLs asked with libcurl's multi interface, politely: every unique URL (and every
// redirect hop) requested once, a global and a per-host limit on requests in flight, a minimum
// interval between requests to one host, HEAD first and GET where HEAD is refused, retries with
// backoff, and no connection to a loopback, private or link-local address.

#include <functional>
#include <string>
#include <vector>

#include "checks/links/link_rules.h"

namespace manualgen {

/// One URL asked, and its final answer (after GET fallback and retries).
struct Hop {
  std::string url;
  std::string method;   // "HEAD" or "GET"
  long status = 0;      // 0: no HTTP answer
  std::string address;  // the IP address that answered
  int attempts = 0;     // requests made for this hop (0: answered from cache or refused unasked)
};

enum class FetchOutcome {
  answered,       // the last hop has the final status (judge it with the rules)
  network_error,  // no answer after the retries: DNS, connect, TLS, reset, timeout
  refused,        // an address the policy does not allow; nothing was sent
  redirect_loop,
  too_many_redirects,
  bad_redirect,  // a redirect without Location, or to something not http(s)
};

struct FetchResult {
  std::string url;  // as asked, without fragment
  FetchOutcome outcome = FetchOutcome::answered;
  std::vector<Hop> chain;  // the URL and every redirect target, in order
  std::string error;       // what went wrong, for anything but `answered`; or a note (Retry-After cap)
  bool cached = false;     // from the results cache, not asked this run
};

struct FetchProgress {
  size_t done = 0;
  size_t total = 0;
  int requests = 0;
};

/// Asks about URLs. Abstract so the checker can be tested without a network.
class UrlFetcher {
 public:
  virtual ~UrlFetcher() = default;
  /// One result per URL of `urls` (each without fragment, each once), in that order.
  virtual std::vector<FetchResult> fetch(const std::vector<std::string>& urls) = 0;
  /// HTTP requests made so far, retries and GET-after-HEAD included.
  virtual int requests_made() const = 0;
};

struct FetchOptions {
  bool allow_loopback = false;
  /// `host:port:address` entries as curl's `--resolve` takes them: tests use them to give a name
  /// a private address without DNS.
  std::vector<std::string> resolve;
  std::function<void(const FetchProgress&)> progress;
  unsigned seed = 0;  // of the backoff jitter; 0: random
};

class CurlFetcher : public UrlFetcher {
 public:
  CurlFetcher(const LinkRules& rules, FetchOptions options);
  std::vector<FetchResult> fetch(const std::vector<std::string>& urls) override;
  int requests_made() const override { return requests_; }

 private:
  const LinkRules& rules_;
  FetchOptions options_;
  int requests_ = 0;
};

}  // namespace manualgen
