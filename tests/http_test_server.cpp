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

ResetServer::ResetServer() {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener_, 16) != 0 || getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("cannot start the reset server on 127.0.0.1");
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] {
    while (!stop_) {
      pollfd listening{listener_, POLLIN, 0};
      if (poll(&listening, 1, 50) <= 0) continue;
      int connection = accept(listener_, nullptr, nullptr);
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

}  // namespace manualgen::test
