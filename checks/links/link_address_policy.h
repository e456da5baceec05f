#pragma once
// Which network addresses the link checker may connect to. A published manual links public
// sites; a link (or a redirect) into loopback, private or link-local space is refused before any
// packet is sent, so a page — or a server redirecting the checker — cannot make CI probe its own
// network (169.254.169.254, an intranet admin page, a local database port).

#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace manualgen {

enum class AddressClass {
  global,      // a public address
  loopback,    // 127.0.0.0/8, ::1
  private_,    // RFC 1918, 100.64.0.0/10 (carrier-grade NAT), fc00::/7, fec0::/10
  link_local,  // 169.254.0.0/16 (cloud metadata services), fe80::/10
  special,     // unspecified, multicast, broadcast, documentation, benchmarking, reserved
};

/// The class of an IPv4 or IPv6 socket address; IPv4 addresses carried in IPv6 (mapped, NAT64,
/// 6to4) are judged as the IPv4 address they carry.
AddressClass classify_address(const sockaddr* address);

/// The class of a host written as an IP literal (`10.0.0.1`, `[::1]`, `::1`); nullopt for a name.
std::optional<AddressClass> classify_ip_literal(std::string_view host);

/// Public addresses always; loopback only when the user allowed it (tests, local servers).
bool address_allowed(AddressClass kind, bool allow_loopback);

/// "a private address", "a loopback address", … for messages.
const char* address_class_text(AddressClass kind);

/// `10.0.0.1`, `::1`: the numeric form of a socket address.
std::string address_text(const sockaddr* address);

}  // namespace manualgen
