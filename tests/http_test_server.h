#pragma once
// Real servers on 127.0.0.1 for the link checker's tests: an HTTP server (cpp-httplib) that
// counts what it is asked, a TCP server that resets every connection, and one that never answers.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace manualgen::test {

/// An HTTP server on an ephemeral port of 127.0.0.1, running until destroyed.
class HttpTestServer {
 public:
  /// `routes` adds the handlers before the server starts listening.
  explicit HttpTestServer(const std::function<void(httplib::Server&)>& routes);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  int port() const { return port_; }
  /// `http://127.0.0.1:<port><path>`.
  std::string url(const std::string& path) const;
  /// `http://<host>:<port><path>`, for a name given to 127.0.0.1 with `FetchOptions::resolve`.
  std::string url(const std::string& host, const std::string& path) const;
  /// `<host>:<port>:127.0.0.1`, a `FetchOptions::resolve` entry.
  std::string resolve(const std::string& host) const;

  /// Requests for `path` so far, all methods; with `method`, only those.
  int requests(const std::string& path, const std::string& method = {}) const;
  int total_requests() const;
  /// Start times of the requests for `path`, in order.
  std::vector<std::chrono::steady_clock::time_point> times(const std::string& path) const;
  /// The most requests that were being handled at the same time.
  int max_concurrent() const { return max_concurrent_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::pair<std::string, std::chrono::steady_clock::time_point>>> log_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_concurrent_{0};
};

/// Accepts TCP connections on 127.0.0.1 and resets each one (RST) without answering.
class ResetServer {
 public:
  ResetServer();
  ~ResetServer();
  ResetServer(const ResetServer&) = delete;
  ResetServer& operator=(const ResetServer&) = delete;

  std::string url(const std::string& path) const;
  int connections() const { return connections_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

/// Accepts TCP connections on 127.0.0.1, reads the request and does not answer: it waits for the
/// client to hang up. A client still waiting after `late` gets an answer then ("200 late"), so a
/// client without a timeout fails its test instead of hanging it.
class SilentServer {
 public:
  explicit SilentServer(std::chrono::milliseconds late = std::chrono::seconds(30));
  ~SilentServer();
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;

  std::string url(const std::string& path) const;
  /// Blocks until `n` connections have ended (each ends when its client hangs up, or after the
  /// late answer).
  void wait_until_ended(int n);
  /// Connections the client closed before any answer.
  int hung_up() const;
  /// Connections that got the late answer.
  int answered_late() const;

 private:
  void serve(int connection);

  int listener_ = -1;
  int port_ = 0;
  std::chrono::milliseconds late_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::condition_variable ended_;
  int hung_up_ = 0;
  int answered_late_ = 0;
  std::thread thread_;
};

}  // namespace manualgen::test
