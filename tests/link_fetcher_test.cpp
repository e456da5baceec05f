// The fetcher against real servers on 127.0.0.1: every answer the checker must understand, the
// politeness limits, and the address policy. Nothing here leaves the machine: every URL is on
// 127.0.0.1, and the private addresses are refused before a socket exists.

#include <catch2/catch.hpp>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <optional>

#include "checks/links/link_fetcher.h"
#include "checks/links/link_verdict.h"
#include "http_test_server.h"

using namespace manualgen;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

LinkRules fast_rules() {
  LinkRules r;
  r.concurrency = 8;
  r.connections_per_host = 8;
  r.min_interval_ms = 0;
  r.connect_timeout_ms = 1000;
  r.total_timeout_ms = 1000;
  r.max_retries = 1;
  r.backoff_ms = 10;
  r.retry_after_cap_ms = 3000;
  return r;
}

FetchOptions loopback() {
  FetchOptions o;
  o.allow_loopback = true;
  o.seed = 1;
  return o;
}

std::string here(const httplib::Request& req, const std::string& host, const std::string& path) {
  return "http://" + host + ":" + std::to_string(req.local_port) + path;
}

// A handler answering `first` the first time and 200 after that.
httplib::Server::Handler first_then_ok(int first, std::string retry_after = {}) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  return [=](const httplib::Request&, httplib::Response& res) {
    if ((*calls)++ == 0) {
      res.status = first;
      if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
    } else {
      res.set_content("ok", "text/plain");
    }
  };
}

std::string http_date_in(int seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buffer;
}

void routes(httplib::Server& s) {
  s.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
  s.Get("/chain/1", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/chain/2", 301); });
  s.Get("/chain/2", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/chain/3", 301); });
  s.Get("/chain/3", [](const httplib::Request&, httplib::Response& res) { res.set_content("end", "text/plain"); });
  s.Get("/missing", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  s.Get("/head-refused", [](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "HEAD")
      res.status = 405;
    else
      res.set_content("ok", "text/plain");
  });
  s.Get("/busy", first_then_ok(429, "1"));
  s.Get("/busy-date", first_then_ok(429, http_date_in(2)));
  s.Get("/busy-long", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "3600");
  });
  s.Get("/flaky", first_then_ok(503));
  s.Get("/loop/a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop/b", 302); });
  s.Get("/loop/b", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop/a", 302); });
  s.Get("/to-private",
        [](const httplib::Request&, httplib::Response& res) { res.set_redirect("http://10.0.0.1/", 302); });
  s.Get("/to-metadata", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("http://169.254.169.254/latest/meta-data/", 302);
  });
  // Shortlinks on "short.test", a search engine on "search.test", both this server.
  s.Get("/gone", [](const httplib::Request& req, httplib::Response& res) {
    res.set_redirect(here(req, "search.test", "/search?q=gone"), 302);
  });
  s.Get("/search", [](const httplib::Request&, httplib::Response& res) { res.set_content("results", "text/html"); });
  s.Get("/sspr", [](const httplib::Request& req, httplib::Response& res) {
    res.set_redirect(here(req, "reset.test", "/ok"), 301);
  });
  s.Get("/elsewhere", [](const httplib::Request& req, httplib::Response& res) {
    res.set_redirect(here(req, "other.test", "/ok"), 301);
  });
}

// How a response ended, as the server tells when it releases the response's content provider.
class ResponseEnd {
 public:
  void ended(bool complete) {
    std::lock_guard<std::mutex> lock(mutex_);
    complete_ = complete;
    ended_.notify_all();
  }
  /// Blocks until the response has ended; whether all of its body was written.
  bool wait_complete() {
    std::unique_lock<std::mutex> lock(mutex_);
    ended_.wait(lock, [&] { return complete_.has_value(); });
    return *complete_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ended_;
  std::optional<bool> complete_;
};

// 405 to HEAD; to GET, a chunked body of 50 MB, and how that response ended to `end`.
httplib::Server::Handler big_body(std::shared_ptr<ResponseEnd> end) {
  return [end](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "HEAD") {
      res.status = 405;
      return;
    }
    res.set_chunked_content_provider(
        "application/octet-stream",
        [sent = size_t{0}](size_t, httplib::DataSink& sink) mutable {
          static const std::string block(64 * 1024, 'x');
          if (sent >= 50u * 1024 * 1024) {
            sink.done();
            return true;
          }
          sent += block.size();
          return sink.write(block.data(), block.size());
        },
        [end](bool complete) { end->ended(complete); });
  };
}

FetchResult fetch_one(const LinkRules& rules, const FetchOptions& options, const std::string& url) {
  CurlFetcher fetcher(rules, options);
  auto results = fetcher.fetch({url});
  REQUIRE(results.size() == 1);
  return results.front();
}

}  // namespace

TEST_CASE("fetcher: 200 answers a HEAD asked once", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  auto r = fetch_one(rules, loopback(), server.url("/ok"));
  CHECK(r.outcome == FetchOutcome::answered);
  REQUIRE(r.chain.size() == 1);
  CHECK(r.chain[0].status == 200);
  CHECK(r.chain[0].method == "HEAD");
  CHECK(r.chain[0].address == "127.0.0.1");
  CHECK(judge(rules, r).state == LinkState::ok);
  CHECK(server.requests("/ok", "HEAD") == 1);
  CHECK(server.total_requests() == 1);
}

TEST_CASE("fetcher: a 301 chain is followed hop by hop and recorded", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  auto r = fetch_one(rules, loopback(), server.url("/chain/1"));
  REQUIRE(r.chain.size() == 3);
  CHECK(r.chain[0].status == 301);
  CHECK(r.chain[1].url == server.url("/chain/2"));
  CHECK(r.chain[2].status == 200);
  auto v = judge(rules, r);
  CHECK(v.state == LinkState::redirected);
  CHECK(v.rule == "permanent-redirect");
  CHECK(v.severity == Severity::warning);
  CHECK_THAT(v.message, Catch::Contains(server.url("/chain/3")));
  for (const char* path : {"/chain/1", "/chain/2", "/chain/3"}) CHECK(server.requests(path) == 1);
}

TEST_CASE("fetcher: a shortlink sent to a search engine is dead and expectations name the final host",
          "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  rules.shortlink_hosts = {"short.test"};
  rules.search_engine_hosts = {"search.test"};
  rules.expectations = {{server.url("short.test", "/sspr"), {"reset.test"}, {}},
                        {server.url("short.test", "/elsewhere"), {"reset.test"}, {}}};
  auto options = loopback();
  for (const char* host : {"short.test", "search.test", "reset.test", "other.test"})
    options.resolve.push_back(server.resolve(host));
  CurlFetcher fetcher(rules, options);
  auto results = fetcher.fetch(
      {server.url("short.test", "/gone"), server.url("short.test", "/sspr"), server.url("short.test", "/elsewhere")});

  auto dead = judge(rules, results[0]);
  CHECK(dead.state == LinkState::broken);
  CHECK(dead.rule == "dead-shortlink");
  CHECK_THAT(dead.message, Catch::Contains("search.test"));

  auto expected = judge(rules, results[1]);
  CHECK(expected.state == LinkState::redirected);
  CHECK(expected.rule.empty());  // the expected redirect is no news

  auto wrong = judge(rules, results[2]);
  CHECK(wrong.rule == "redirect-expectation");
  CHECK_THAT(wrong.message, Catch::Contains("must end on reset.test but ends on other.test"));
  CHECK(server.requests("/ok") == 2);  // once as reset.test/ok, once as other.test/ok
}

TEST_CASE("fetcher: 404 is broken and not retried", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  auto r = fetch_one(rules, loopback(), server.url("/missing"));
  auto v = judge(rules, r);
  CHECK(v.rule == "http-status");
  CHECK_THAT(v.message, Catch::StartsWith("HTTP 404"));
  CHECK(server.requests("/missing") == 1);
}

TEST_CASE("fetcher: 405 on HEAD is asked again with GET", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  auto r = fetch_one(rules, loopback(), server.url("/head-refused"));
  REQUIRE(r.chain.size() == 1);
  CHECK(r.chain[0].status == 200);
  CHECK(r.chain[0].method == "GET");
  CHECK(r.chain[0].attempts == 2);
  CHECK(server.requests("/head-refused", "HEAD") == 1);
  CHECK(server.requests("/head-refused", "GET") == 1);
}

TEST_CASE("fetcher: a host configured for GET is never asked HEAD", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  rules.hosts.push_back({"127.0.0.1", std::nullopt, std::nullopt, true, {}});
  auto r = fetch_one(rules, loopback(), server.url("/ok"));
  CHECK(r.chain[0].method == "GET");
  CHECK(server.requests("/ok", "HEAD") == 0);
}

TEST_CASE("fetcher: 429 waits as long as Retry-After says (seconds or a date)", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  CurlFetcher fetcher(rules, loopback());
  auto results = fetcher.fetch({server.url("/busy"), server.url("/busy-date"), server.url("/busy-long")});
  CHECK(results[0].chain.back().status == 200);
  CHECK(results[1].chain.back().status == 200);
  for (const char* path : {"/busy", "/busy-date"}) {
    auto times = server.times(path);
    REQUIRE(times.size() == 2);
    INFO(path);
    CHECK(times[1] - times[0] >= milliseconds(900));
  }
  // Longer than the cap: not waited for, and said so.
  auto v = judge(rules, results[2]);
  CHECK(v.rule == "http-status");
  CHECK_THAT(v.message, Catch::Contains("Retry-After 3600 s is longer than the 3 s"));
  CHECK(server.requests("/busy-long") == 1);
}

TEST_CASE("fetcher: 503 is retried after a backoff", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  auto r = fetch_one(rules, loopback(), server.url("/flaky"));
  CHECK(r.chain.back().status == 200);
  CHECK(r.chain.back().attempts == 2);
  CHECK(server.requests("/flaky") == 2);
}

TEST_CASE("fetcher: a response slower than the timeout is a network error after the retries", "[links][fetcher]") {
  // The server answers only a client still there after 30 s: a fetcher passes only by giving up,
  // and one that waits for the answer gets it and fails the checks below instead of hanging.
  test::SilentServer server;
  auto rules = fast_rules();
  rules.total_timeout_ms = 200;
  CurlFetcher fetcher(rules, loopback());
  auto results = fetcher.fetch({server.url("/slow")});
  REQUIRE(results.size() == 1);
  const auto& r = results.front();
  CHECK(r.outcome == FetchOutcome::network_error);
  CHECK_THAT(r.error, Catch::Contains("timed out"));
  CHECK(judge(rules, r).rule == "network-error");
  CHECK(r.chain.back().attempts == 2);  // asked, then once more
  // Both times the fetcher hung up on the server before any answer.
  REQUIRE(fetcher.requests_made() == 2);
  server.wait_until_ended(fetcher.requests_made());
  CHECK(server.hung_up() == 2);
  CHECK(server.answered_late() == 0);
}

TEST_CASE("fetcher: a connection reset is a network error after the retries", "[links][fetcher]") {
  test::ResetServer server;
  auto rules = fast_rules();
  auto r = fetch_one(rules, loopback(), server.url("/"));
  CHECK(r.outcome == FetchOutcome::network_error);
  CHECK(server.connections() == 2);
}

TEST_CASE("fetcher: a redirect loop is stopped where it closes", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  auto r = fetch_one(rules, loopback(), server.url("/loop/a"));
  CHECK(r.outcome == FetchOutcome::redirect_loop);
  CHECK(judge(rules, r).rule == "redirect-loop");
  CHECK(server.requests("/loop/a") == 1);
  CHECK(server.requests("/loop/b") == 1);
}

TEST_CASE("fetcher: more redirects than allowed", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  rules.max_redirects = 1;
  auto r = fetch_one(rules, loopback(), server.url("/chain/1"));
  CHECK(r.outcome == FetchOutcome::too_many_redirects);
  CHECK(server.requests("/chain/3") == 0);
}

TEST_CASE("fetcher: a body far larger than the cap is cut off and the status stands", "[links][fetcher]") {
  auto end = std::make_shared<ResponseEnd>();
  test::HttpTestServer server([&](httplib::Server& s) { s.Get("/big", big_body(end)); });
  auto rules = fast_rules();
  rules.max_body_bytes = 16 * 1024;
  auto r = fetch_one(rules, loopback(), server.url("/big"));
  CHECK(r.outcome == FetchOutcome::answered);
  CHECK(r.chain.back().status == 200);
  CHECK(server.requests("/big", "GET") == 1);
  // The fetcher closed the connection after the cap: the server could not write the rest.
  CHECK_FALSE(end->wait_complete());
}

TEST_CASE("fetcher: a redirect to a private or link-local address is refused without connecting", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  CurlFetcher fetcher(rules, loopback());
  auto results = fetcher.fetch({server.url("/to-private"), server.url("/to-metadata")});
  for (const auto& r : results) {
    CHECK(r.outcome == FetchOutcome::refused);
    CHECK(r.chain.back().attempts == 0);  // not requested at all
    CHECK(judge(rules, r).rule == "refused-address");
  }
  CHECK_THAT(results[0].error, Catch::Contains("10.0.0.1 is a private address"));
  CHECK_THAT(results[1].error, Catch::Contains("169.254.169.254 is a link-local address"));
  CHECK(fetcher.requests_made() == 2);  // the two redirects, nothing after them
}

TEST_CASE("fetcher: a name is judged on the address it resolves to", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  auto options = loopback();
  // The policy refuses 10.0.0.1 in the open-socket callback, before socket(): no packet is sent.
  options.resolve = {"intranet.test:" + std::to_string(server.port()) + ":10.0.0.1"};
  auto r = fetch_one(rules, options, server.url("intranet.test", "/ok"));
  CHECK(r.outcome == FetchOutcome::refused);
  CHECK_THAT(r.error, Catch::Contains("10.0.0.1 is a private address"));
}

TEST_CASE("fetcher: loopback is refused unless allowed (by URL and by resolved name)", "[links][fetcher]") {
  test::HttpTestServer server(routes);
  auto rules = fast_rules();
  FetchOptions options;
  options.resolve = {server.resolve("local.test")};
  CurlFetcher fetcher(rules, options);
  auto results = fetcher.fetch({server.url("/ok"), server.url("local.test", "/ok")});
  for (const auto& r : results) {
    CHECK(r.outcome == FetchOutcome::refused);
    CHECK_THAT(r.error, Catch::Contains("127.0.0.1 is a loopback address"));
  }
  CHECK(server.total_requests() == 0);
}

TEST_CASE("fetcher: per-host connections and interval are kept", "[links][fetcher]") {
  test::HttpTestServer server([](httplib::Server& s) {
    s.Get(R"(/page/\d+)", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(milliseconds(40));
      res.set_content("ok", "text/plain");
    });
  });
  auto rules = fast_rules();
  rules.connections_per_host = 2;
  // Long against the server's own delays: the times are taken when the server's handler runs, and
  // under the sanitizers on a busy machine a request can wait there tens of milliseconds (a 30 ms
  // interval once showed two handlers 0.9 ms apart). Without the interval, two connections would
  // start requests in pairs, 0 ms apart.
  rules.min_interval_ms = 100;
  std::vector<std::string> urls;
  for (int i = 0; i < 6; ++i) urls.push_back(server.url("/page/" + std::to_string(i)));
  CurlFetcher fetcher(rules, loopback());
  auto results = fetcher.fetch(urls);
  for (const auto& r : results) CHECK(r.chain.back().status == 200);
  CHECK(server.max_concurrent() <= 2);
  std::vector<Clock::time_point> starts;
  for (const auto& url : urls) {
    auto t = server.times(url.substr(url.find("/page/")));
    REQUIRE(t.size() == 1);
    starts.push_back(t[0]);
  }
  std::sort(starts.begin(), starts.end());
  for (size_t i = 1; i < starts.size(); ++i) CHECK(starts[i] - starts[i - 1] >= milliseconds(50));
  CHECK(starts.back() - starts.front() >= milliseconds(5 * 80));
}
