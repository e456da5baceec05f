#include <arpa/inet.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>

#include "checks/links/link_address_policy.h"

using namespace manualgen;

namespace {

AddressClass literal(const char* host) {
  auto kind = classify_ip_literal(host);
  INFO(host);
  REQUIRE(kind);
  return *kind;
}

}  // namespace

TEST_CASE("address policy: IPv4 classes", "[links][address]") {
  CHECK(literal("127.0.0.1") == AddressClass::loopback);
  CHECK(literal("127.255.0.9") == AddressClass::loopback);
  CHECK(literal("10.0.0.1") == AddressClass::private_);
  CHECK(literal("172.16.5.4") == AddressClass::private_);
  CHECK(literal("172.32.0.1") == AddressClass::global);
  CHECK(literal("192.168.1.1") == AddressClass::private_);
  CHECK(literal("100.64.0.1") == AddressClass::private_);
  CHECK(literal("169.254.169.254") == AddressClass::link_local);
  CHECK(literal("0.0.0.0") == AddressClass::special);
  CHECK(literal("224.0.0.1") == AddressClass::special);
  CHECK(literal("255.255.255.255") == AddressClass::special);
  CHECK(literal("20.190.160.1") == AddressClass::global);
}

TEST_CASE("address policy: IPv6 classes, and IPv4 carried in IPv6", "[links][address]") {
  CHECK(literal("[::1]") == AddressClass::loopback);
  CHECK(literal("::") == AddressClass::special);
  CHECK(literal("fe80::1%eth0") == AddressClass::link_local);
  CHECK(literal("fd12:3456::1") == AddressClass::private_);
  CHECK(literal("ff02::1") == AddressClass::special);
  CHECK(literal("2001:db8::1") == AddressClass::special);
  CHECK(literal("::ffff:10.0.0.1") == AddressClass::private_);
  CHECK(literal("::ffff:127.0.0.1") == AddressClass::loopback);
  CHECK(literal("64:ff9b::a9fe:a9fe") == AddressClass::link_local);  // NAT64 of 169.254.169.254
  CHECK(literal("2002:0a00:0001::1") == AddressClass::private_);     // 6to4 of 10.0.0.1
  CHECK(literal("2603:1030::1") == AddressClass::global);
}

TEST_CASE("address policy: names are not literals", "[links][address]") {
  CHECK_FALSE(classify_ip_literal("aka.ms"));
  CHECK_FALSE(classify_ip_literal("localhost"));
}

TEST_CASE("address policy: only public addresses, and loopback when allowed", "[links][address]") {
  CHECK(address_allowed(AddressClass::global, false));
  CHECK_FALSE(address_allowed(AddressClass::loopback, false));
  CHECK(address_allowed(AddressClass::loopback, true));
  CHECK_FALSE(address_allowed(AddressClass::private_, true));
  CHECK_FALSE(address_allowed(AddressClass::link_local, true));
  CHECK_FALSE(address_allowed(AddressClass::special, true));
}

TEST_CASE("address policy: socket addresses as curl hands them over", "[links][address]") {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.0.10", &v4.sin_addr);
  CHECK(classify_address(reinterpret_cast<sockaddr*>(&v4)) == AddressClass::private_);
  CHECK(address_text(reinterpret_cast<sockaddr*>(&v4)) == "192.168.0.10");
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::1", &v6.sin6_addr);
  CHECK(classify_address(reinterpret_cast<sockaddr*>(&v6)) == AddressClass::loopback);
  CHECK(address_text(reinterpret_cast<sockaddr*>(&v6)) == "::1");
}
