#include "checks/links/link_fetcher.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <unordered_map>

#include "checks/links/link_address_policy.h"
#include "checks/links/link_url.h"
#include "generator/core/text.h"

namespace manualgen {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

enum class Method { head, get };

const char* method_name(Method m) { return m == Method::head ? "HEAD" : "GET"; }

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// A certificate that does not verify, or a server speaking no HTTP, will not change by asking again.
bool worth_retrying(CURLcode rc) {
  switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_WEIRD_SERVER_REPLY:
      return false;
    default:
      return true;
  }
}

/// One unique URL being asked, maybe several times (GET after HEAD, retries), until its answer
/// is final; then every chain waiting on it takes the answer.
struct HopFetch {
  std::string url;
  std::string host;
  Method method = Method::head;
  int retries = 0;
  bool done = false;
  Hop hop;
  FetchOutcome outcome = FetchOutcome::answered;
  std::string error;
  std::string location;  // the redirect target, absolute, without fragment
  std::vector<size_t> waiters;
};

/// One URL of the input, followed through its redirects.
struct Chain {
  FetchResult result;
  std::set<std::string> seen;
  bool done = false;
};

struct HostState {
  int connections = 1;
  milliseconds interval{0};
  int in_flight = 0;
  Clock::time_point next_start{};
  std::deque<size_t> queue;  // hops ready to be asked
};

/// One request in flight: what the curl callbacks write to.
struct Transfer {
  size_t hop = 0;
  bool allow_loopback = false;
  size_t max_body = 0;
  size_t body = 0;
  bool truncated = false;
  std::string refused;  // set when the policy refused an address curl was about to connect to
  char error[CURL_ERROR_SIZE] = {};
};

size_t on_body(char*, size_t size, size_t count, void* data) {
  auto* t = static_cast<Transfer*>(data);
  t->body += size * count;
  if (t->body > t->max_body) {
    t->truncated = true;
    return 0;  // stop reading: curl ends the transfer with CURLE_WRITE_ERROR
  }
  return size * count;
}

// Called by curl for every address it is about to connect to, after DNS and before socket(), so
// the policy judges the address really used (a name resolving to 10.0.0.1, a DNS rebinding)
// and a refused address never sees a packet. CURLOPT_PREREQFUNCTION would run only after the
// connection was made, and CURLINFO_PRIMARY_IP only after the request.
curl_socket_t open_socket(void* data, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(data);
  if (purpose == CURLSOCKTYPE_IPCXN) {
    AddressClass kind = classify_address(&address->addr);
    if (!address_allowed(kind, t->allow_loopback)) {
      if (t->refused.empty()) t->refused = address_text(&address->addr) + " is " + address_class_text(kind);
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

class Engine {
 public:
  Engine(const LinkRules& rules, const FetchOptions& options) : rules_(rules), options_(options) {
    multi_ = curl_multi_init();
    int per_host = rules.connections_per_host;
    for (const auto& h : rules.hosts) per_host = std::max(per_host, h.connections.value_or(0));
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(rules.concurrency));
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(per_host));
    for (const auto& entry : options.resolve) resolve_ = curl_slist_append(resolve_, entry.c_str());
    rng_.seed(options.seed ? options.seed : std::random_device{}());
  }

  ~Engine() {
    for (auto& [easy, transfer] : transfers_) {
      curl_multi_remove_handle(multi_, easy);
      curl_easy_cleanup(easy);
    }
    curl_multi_cleanup(multi_);
    curl_slist_free_all(resolve_);
  }

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  std::vector<FetchResult> run(const std::vector<std::string>& urls) {
    chains_.resize(urls.size());
    left_ = urls.size();
    for (size_t i = 0; i < urls.size(); ++i) {
      chains_[i].result.url = urls[i];
      chains_[i].seen.insert(urls[i]);
      need(i, urls[i]);
    }
    while (left_ > 0) {
      start_ready(Clock::now());
      if (in_flight_ == 0 && nothing_waiting()) break;  // cannot happen; never spin forever
      int running = 0;
      curl_multi_perform(multi_, &running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_, &queued))
        if (msg->msg == CURLMSG_DONE) completed(msg->easy_handle, msg->data.result);
      if (left_ > 0) curl_multi_poll(multi_, nullptr, 0, wait_ms(Clock::now()), nullptr);
    }
    std::vector<FetchResult> out;
    out.reserve(chains_.size());
    for (auto& c : chains_) {
      if (!c.done) {
        c.result.outcome = FetchOutcome::network_error;
        c.result.error = "not checked (internal error: nothing left to wait for)";
      }
      out.push_back(std::move(c.result));
    }
    return out;
  }

  int requests() const { return requests_; }

 private:
  // Chain `chain` needs the final answer for `url`: take it if known, wait for it if asked,
  // else queue the URL for its host.
  void need(size_t chain, const std::string& url) {
    if (auto it = hop_index_.find(url); it != hop_index_.end()) {
      HopFetch& h = *hops_[it->second];
      if (h.done)
        advance(chain, h);
      else
        h.waiters.push_back(chain);
      return;
    }
    std::string error;
    auto parsed = Url::parse(url, &error);
    if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https")) {
      chains_[chain].result.chain.push_back(Hop{url, "", 0, "", 0});
      finish(chain, FetchOutcome::bad_redirect,
             parsed ? "not an http(s) address: " + url : "not a URL: " + url + " (" + error + ")");
      return;
    }
    std::string host = parsed->host();
    // An address written in the URL is judged before anything is asked; names are judged on the
    // address they resolve to, in `open_socket`.
    if (auto kind = classify_ip_literal(host); kind && !address_allowed(*kind, options_.allow_loopback)) {
      chains_[chain].result.chain.push_back(Hop{url, "", 0, "", 0});
      finish(chain, FetchOutcome::refused, url + ": " + host + " is " + address_class_text(*kind) + "; not requested");
      return;
    }
    auto h = std::make_unique<HopFetch>();
    h->url = url;
    h->host = host;
    h->method = rules_.get_first(host) ? Method::get : Method::head;
    h->waiters.push_back(chain);
    size_t index = hops_.size();
    hop_index_.emplace(url, index);
    hops_.push_back(std::move(h));
    host_state(host).queue.push_back(index);
  }

  HostState& host_state(const std::string& host) {
    auto [it, added] = hosts_.try_emplace(host);
    if (added) {
      it->second.connections = rules_.connections_for(host);
      it->second.interval = milliseconds(rules_.min_interval_for(host));
    }
    return it->second;
  }

  void advance(size_t chain, const HopFetch& h) {
    Chain& c = chains_[chain];
    c.result.chain.push_back(h.hop);
    if (h.outcome != FetchOutcome::answered) return finish(chain, h.outcome, h.error);
    if (!is_redirect(h.hop.status)) return finish(chain, FetchOutcome::answered, h.error);
    if (h.location.empty())
      return finish(chain, FetchOutcome::bad_redirect,
                    "HTTP " + std::to_string(h.hop.status) + " from " + h.url + " without a Location");
    if (!c.seen.insert(h.location).second)
      return finish(chain, FetchOutcome::redirect_loop, "redirect loop: " + h.url + " leads back to " + h.location);
    if (static_cast<int>(c.result.chain.size()) > rules_.max_redirects)
      return finish(chain, FetchOutcome::too_many_redirects, "more than " + count_of(rules_.max_redirects, "redirect"));
    need(chain, h.location);
  }

  void finish(size_t chain, FetchOutcome outcome, std::string error) {
    Chain& c = chains_[chain];
    c.result.outcome = outcome;
    c.result.error = std::move(error);
    c.done = true;
    --left_;
    if (options_.progress) options_.progress({chains_.size() - left_, chains_.size(), requests_});
  }

  void start_ready(Clock::time_point now) {
    while (!delayed_.empty() && delayed_.begin()->first <= now) {
      size_t hop = delayed_.begin()->second;
      delayed_.erase(delayed_.begin());
      host_state(hops_[hop]->host).queue.push_front(hop);
    }
    // One request per host per round, so one host with many URLs does not hold up the others.
    for (bool started = true; started && in_flight_ < rules_.concurrency;) {
      started = false;
      for (auto& [name, host] : hosts_) {
        if (in_flight_ >= rules_.concurrency) break;
        if (host.queue.empty() || host.in_flight >= host.connections || host.next_start > now) continue;
        size_t hop = host.queue.front();
        host.queue.pop_front();
        host.in_flight++;
        host.next_start = now + host.interval;
        start(hop);
        started = true;
      }
    }
  }

  bool nothing_waiting() const {
    if (!delayed_.empty()) return false;
    return std::all_of(hosts_.begin(), hosts_.end(), [](const auto& h) { return h.second.queue.empty(); });
  }

  // How long curl_multi_poll may sleep: until the next retry is due or a host may be asked
  // again; curl wakes it earlier for its own transfers.
  int wait_ms(Clock::time_point now) const {
    Clock::time_point wake = now + milliseconds(1000);
    if (!delayed_.empty()) wake = std::min(wake, delayed_.begin()->first);
    if (in_flight_ < rules_.concurrency)
      for (const auto& [name, host] : hosts_)
        if (!host.queue.empty() && host.in_flight < host.connections) wake = std::min(wake, host.next_start);
    auto ms = std::chrono::duration_cast<milliseconds>(wake - now).count();
    return static_cast<int>(std::clamp<long long>(ms + 1, 0, 1000));
  }

  void start(size_t hop) {
    HopFetch& h = *hops_[hop];
    auto t = std::make_unique<Transfer>();
    t->hop = hop;
    t->allow_loopback = options_.allow_loopback;
    t->max_body = static_cast<size_t>(rules_.max_body_bytes);
    CURL* e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, h.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    if (h.method == Method::head)
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    else
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // followed here, hop by hop, under the policy
    curl_easy_setopt(e, CURLOPT_USERAGENT, rules_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(rules_.connect_timeout_ms));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(rules_.total_timeout_ms));
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    // No proxy, not even from the environment: the address policy must see the address connected to.
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    if (resolve_) curl_easy_setopt(e, CURLOPT_RESOLVE, resolve_);
    curl_multi_add_handle(multi_, e);
    transfers_.emplace(e, std::move(t));
    ++in_flight_;
    ++requests_;
  }

  milliseconds backoff(int retry) {
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    double ms = rules_.backoff_ms * std::pow(2.0, retry) * jitter(rng_);
    return milliseconds(static_cast<long long>(ms));
  }

  void retry(size_t hop, milliseconds delay) {
    hops_[hop]->retries++;
    delayed_.emplace(Clock::now() + delay, hop);
  }

  void completed(CURL* e, CURLcode rc) {
    auto node = transfers_.extract(e);
    std::unique_ptr<Transfer> t = std::move(node.mapped());
    HopFetch& h = *hops_[t->hop];
    HostState& host = host_state(h.host);
    host.in_flight--;
    in_flight_--;

    long status = 0;
    char* ip = nullptr;
    char* location = nullptr;
    curl_off_t retry_after = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip);
    curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location);
    curl_easy_getinfo(e, CURLINFO_RETRY_AFTER, &retry_after);
    h.hop = Hop{h.url, method_name(h.method), status, ip ? ip : "", h.hop.attempts + 1};
    std::string target = location ? location : "";
    curl_multi_remove_handle(multi_, e);
    curl_easy_cleanup(e);

    // A body cut at the cap still brought its status: that is an answer.
    bool answered = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && t->truncated);
    if (!answered) {
      if (!t->refused.empty())
        return settle(t->hop, FetchOutcome::refused, h.url + ": " + t->refused + "; not requested");
      if (h.retries < rules_.max_retries && worth_retrying(rc)) return retry(t->hop, backoff(h.retries));
      std::string what = t->error[0] ? t->error : curl_easy_strerror(rc);
      return settle(t->hop, FetchOutcome::network_error, h.url + ": " + what);
    }
    if (h.method == Method::head && (status == 405 || status == 403 || status == 501)) {
      h.method = Method::get;  // HEAD refused: ask again with GET, now
      host.queue.push_front(t->hop);
      return;
    }
    if ((status == 429 || status == 503) && h.retries < rules_.max_retries) {
      if (retry_after > 0) {
        auto wait = milliseconds(retry_after * 1000);
        if (wait > milliseconds(rules_.retry_after_cap_ms)) {
          h.location.clear();
          return settle(t->hop, FetchOutcome::answered,
                        "Retry-After " + std::to_string(retry_after) + " s is longer than the " +
                            std::to_string(rules_.retry_after_cap_ms / 1000) + " s the checker waits");
        }
        // The host asked everyone to wait, not only this URL.
        host.next_start = std::max(host.next_start, Clock::now() + wait);
        return retry(t->hop, wait);
      }
      return retry(t->hop, backoff(h.retries));
    }
    if (status >= 500 && h.retries < rules_.max_retries) return retry(t->hop, backoff(h.retries));
    if (is_redirect(status) && !target.empty()) {
      if (auto parsed = Url::parse(target)) target = parsed->without_fragment();
    }
    h.location = target;
    settle(t->hop, FetchOutcome::answered, "");
  }

  void settle(size_t hop, FetchOutcome outcome, std::string error) {
    HopFetch& h = *hops_[hop];
    h.done = true;
    h.outcome = outcome;
    h.error = std::move(error);
    std::vector<size_t> waiters = std::move(h.waiters);
    for (size_t chain : waiters) advance(chain, h);
  }

  const LinkRules& rules_;
  const FetchOptions& options_;
  CURLM* multi_ = nullptr;
  curl_slist* resolve_ = nullptr;
  std::vector<std::unique_ptr<HopFetch>> hops_;
  std::unordered_map<std::string, size_t> hop_index_;
  std::vector<Chain> chains_;
  size_t left_ = 0;
  std::map<std::string, HostState> hosts_;
  std::multimap<Clock::time_point, size_t> delayed_;  // retries, by when they are due
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  int in_flight_ = 0;
  int requests_ = 0;
  std::mt19937 rng_;
};

}  // namespace

CurlFetcher::CurlFetcher(const LinkRules& rules, FetchOptions options) : rules_(rules), options_(std::move(options)) {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init;
}

std::vector<FetchResult> CurlFetcher::fetch(const std::vector<std::string>& urls) {
  Engine engine(rules_, options_);
  auto results = engine.run(urls);
  requests_ += engine.requests();
  return results;
}

}  // namespace manualgen
