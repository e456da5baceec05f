#include "http_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace manualgen::test {

HttpTestServer::HttpTestServer(const std::function<void(httplib::Server&)>& routes) {
  // Every connection curl keeps open holds a worker; enough of them that none waits.
  server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
  server_.set_keep_alive_timeout(1);
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      log_[req.path].emplace_back(req.method, std::chrono::steady_clock::now());
    }
    int now = ++in_flight_;
    int seen = max_concurrent_;
    while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_logger([this](const httplib::Request&, const httplib::Response&) { --in_flight_; });
  routes(server_);
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot bind a test server to 127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // 0.11 has no wait_until_ready(); a stop() before the loop runs would be lost and the join hang.
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

HttpTestServer::~HttpTestServer() {
  server_.stop();
  thread_.join();
}

std::string HttpTestServer::url(const std::string& path) const { return url("127.0.0.1", path); }

std::string HttpTestServer::url(const std::string& host, const std::string& path) const {
  return "http://" + host + ":" + std::to_string(port_) + path;
}

std::string HttpTestServer::resolve(const std::string& host) const {
  return host + ":" + std::to_string(port_) + ":127.0.0.1";
}

int HttpTestServer::requests(const std::string& path, const std::string& method) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = log_.find(path);
  if (it == log_.end()) return 0;
  return static_cast<int>(std::count_if(it->second.begin(), it->second.end(),
                                        [&](const auto& r) { return method.empty() || r.first == method; }));
}

int HttpTestServer::total_requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t total = 0;
  for (const auto& [path, requests] : log_) total += requests.size();
  return static_cast<int>(total);
}

std::vector<std::chrono::steady_clock::time_point> HttpTestServer::times(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::chrono::steady_clock::time_point> out;
  if (auto it = log_.find(path); it != log_.end())
    for (const auto& r : it->second) out.push_back(r.second);
  return out;
}

namespace {

// A listening TCP socket on an ephemeral port of 127.0.0.1; sets `port`.
int listen_on_loopback(int& port) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 16) != 0 || getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("cannot start a TCP test server on 127.0.0.1");
  port = ntohs(address.sin_port);
  return listener;
}

// The next connection, or -1 after 50 ms without one (so the caller can look at its stop flag).
int accept_within_50ms(int listener) {
  pollfd listening{listener, POLLIN, 0};
  if (poll(&listening, 1, 50) <= 0) return -1;
  return accept(listener, nullptr, nullptr);
}

}  // namespace

ResetServer::ResetServer() {
  listener_ = listen_on_loopback(port_);
  thread_ = std::thread([this] {
    while (!stop_) {
      int connection = accept_within_50ms(listener_);
      if (connection < 0) continue;
      ++connections_;
      // Wait for the request, so the client sees a reset while reading the answer.
      pollfd readable{connection, POLLIN, 0};
      if (poll(&readable, 1, 500) > 0) {
        char buffer[4096];
        (void)recv(connection, buffer, sizeof buffer, 0);
      }
      linger reset{1, 0};  // close with RST instead of FIN
      setsockopt(connection, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
      close(connection);
    }
  });
}

ResetServer::~ResetServer() {
  stop_ = true;
  thread_.join();
  close(listener_);
}

std::string ResetServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

SilentServer::SilentServer(std::chrono::milliseconds late) : late_(late) {
  listener_ = listen_on_loopback(port_);
  // One connection at a time: the fetcher asks again only after it gave up on the last one.
  thread_ = std::thread([this] {
    while (!stop_) {
      int connection = accept_within_50ms(listener_);
      if (connection >= 0) serve(connection);
    }
  });
}

SilentServer::~SilentServer() {
  stop_ = true;
  thread_.join();
  close(listener_);
}

void SilentServer::serve(int connection) {
  // The request, then nothing until the client hangs up (end of file or an error) or it is late.
  bool gone = false;
  auto late = std::chrono::steady_clock::now() + late_;
  while (!gone && !stop_ && std::chrono::steady_clock::now() < late) {
    pollfd readable{connection, POLLIN, 0};
    if (poll(&readable, 1, 50) <= 0) continue;
    char buffer[4096];
    gone = recv(connection, buffer, sizeof buffer, 0) <= 0;
  }
  if (!gone) {
    static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nlate";
    (void)send(connection, answer, sizeof answer - 1, MSG_NOSIGNAL);
  }
  close(connection);
  std::lock_guard<std::mutex> lock(mutex_);
  ++(gone ? hung_up_ : answered_late_);
  ended_.notify_all();
}

std::string SilentServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void SilentServer::wait_until_ended(int n) {
  std::unique_lock<std::mutex> lock(mutex_);
  ended_.wait(lock, [&] { return hung_up_ + answered_late_ >= n; });
}

int SilentServer::hung_up() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return hung_up_;
}

int SilentServer::answered_late() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return answered_late_;
}

}  // namespace manualgen::test
