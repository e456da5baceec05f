// `manualgen serve` without a browser: a port that is taken is a clear error, not a second server
// sharing it. The live reload and the error overlay are tested in Chromium (tests/browser/run.mjs).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace {

// A socket listening on 127.0.0.1 at a port the system picks; closed at the end of the test.
class Listener {
 public:
  Listener() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof(address);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), size) == 0);
    REQUIRE(listen(fd_, 1) == 0);
    REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~Listener() { close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

}  // namespace

TEST_CASE("serve on a port that is taken says so and exits 2 before building", "[serve]") {
  Listener taken;
  manualgen::test::TempDir out;
  std::string output;
  const int status = manualgen::test::run_manualgen("serve --port " + std::to_string(taken.port()) + " --config " +
                                                        (manualgen::test::source_dir() / "site-config.json").string() +
                                                        " --out " + (out.path() / "site").string(),
                                                    output);
  CHECK(status == 2);
  CHECK(output.find("cannot serve on 127.0.0.1:" + std::to_string(taken.port()) + ": the port is taken") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out.path() / "site"));
}
