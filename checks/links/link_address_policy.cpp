#include "checks/links/link_address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace manualgen {

namespace {

bool in_prefix(uint32_t address, uint32_t network, int bits) {
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (address & mask) == (network & mask);
}

constexpr uint32_t v4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) { return a << 24 | b << 16 | c << 8 | d; }

// `address` in host byte order.
AddressClass classify_v4(uint32_t address) {
  if (in_prefix(address, v4(127, 0, 0, 0), 8)) return AddressClass::loopback;
  if (in_prefix(address, v4(10, 0, 0, 0), 8) || in_prefix(address, v4(172, 16, 0, 0), 12) ||
      in_prefix(address, v4(192, 168, 0, 0), 16) || in_prefix(address, v4(100, 64, 0, 0), 10))
    return AddressClass::private_;
  if (in_prefix(address, v4(169, 254, 0, 0), 16)) return AddressClass::link_local;
  if (in_prefix(address, v4(0, 0, 0, 0), 8) || in_prefix(address, v4(192, 0, 0, 0), 24) ||
      in_prefix(address, v4(192, 0, 2, 0), 24) || in_prefix(address, v4(198, 51, 100, 0), 24) ||
      in_prefix(address, v4(203, 0, 113, 0), 24) || in_prefix(address, v4(198, 18, 0, 0), 15) ||
      in_prefix(address, v4(224, 0, 0, 0), 4) || in_prefix(address, v4(240, 0, 0, 0), 4))
    return AddressClass::special;
  return AddressClass::global;
}

uint32_t v4_at(const uint8_t* bytes) {
  return uint32_t{bytes[0]} << 24 | uint32_t{bytes[1]} << 16 | uint32_t{bytes[2]} << 8 | uint32_t{bytes[3]};
}

AddressClass classify_v6(const uint8_t* b) {
  static constexpr std::array<uint8_t, 12> mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr std::array<uint8_t, 12> nat64 = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  static constexpr std::array<uint8_t, 12> zero = {};
  if (std::memcmp(b, mapped.data(), 12) == 0 || std::memcmp(b, nat64.data(), 12) == 0)
    return classify_v4(v4_at(b + 12));
  if (std::memcmp(b, zero.data(), 12) == 0) {
    uint32_t low = v4_at(b + 12);
    if (low == 1) return AddressClass::loopback;
    return AddressClass::special;  // :: and the deprecated IPv4-compatible ::a.b.c.d
  }
  if (b[0] == 0x20 && b[1] == 0x02) {  // 6to4 carries an IPv4 address in bits 16–47
    AddressClass inner = classify_v4(v4_at(b + 2));
    if (inner != AddressClass::global) return inner;
  }
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::link_local;
  if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)) return AddressClass::private_;
  if (b[0] == 0xff) return AddressClass::special;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressClass::special;
  return AddressClass::global;
}

}  // namespace

AddressClass classify_address(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    return classify_v4(ntohl(in.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    return classify_v6(in6.sin6_addr.s6_addr);
  }
  return AddressClass::special;  // not an internet address at all
}

std::optional<AddressClass> classify_ip_literal(std::string_view host) {
  std::string text(host);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (auto zone = text.find('%'); zone != std::string::npos) text.resize(zone);
  in_addr a4{};
  if (inet_pton(AF_INET, text.c_str(), &a4) == 1) return classify_v4(ntohl(a4.s_addr));
  in6_addr a6{};
  if (inet_pton(AF_INET6, text.c_str(), &a6) == 1) return classify_v6(a6.s6_addr);
  return std::nullopt;
}

bool address_allowed(AddressClass kind, bool allow_loopback) {
  return kind == AddressClass::global || (allow_loopback && kind == AddressClass::loopback);
}

const char* address_class_text(AddressClass kind) {
  switch (kind) {
    case AddressClass::global:
      return "a public address";
    case AddressClass::loopback:
      return "a loopback address";
    case AddressClass::private_:
      return "a private address";
    case AddressClass::link_local:
      return "a link-local address";
    case AddressClass::special:
      return "a special-purpose address";
  }
  return "an address";
}

std::string address_text(const sockaddr* address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    inet_ntop(AF_INET, &in.sin_addr, buffer, sizeof buffer);
  } else if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    inet_ntop(AF_INET6, &in6.sin6_addr, buffer, sizeof buffer);
  } else {
    return "address family " + std::to_string(address->sa_family);
  }
  return buffer;
}

}  // namespace manualgen
