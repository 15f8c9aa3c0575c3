#include "aws/transport/plain_http_policy.h"

#include "common/text.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

namespace rds_exporter::aws {
namespace {

constexpr std::array<std::string_view, 3> kLinkLocalIpv4{"169.254.169.254", "169.254.170.2", "169.254.170.23"};
constexpr std::array<std::string_view, 3> kAllowedIpv6{"::1", "fd00:ec2::254", "fd00:ec2::23"};

using Ipv4Address = std::array<unsigned char, 4>;
using Ipv6Address = std::array<unsigned char, 16>;

// inet_pton accepts only the canonical dotted quad for IPv4, so "127.1" or "0x7f.0.0.1" are not parsed.
template <typename Address, int family>
std::optional<Address> parse_address(std::string_view text) {
  Address address{};
  if (inet_pton(family, std::string(text).c_str(), address.data()) != 1) return std::nullopt;
  return address;
}

bool is_allowed_ipv4(std::string_view host) {
  const auto address = parse_address<Ipv4Address, AF_INET>(host);
  if (!address) return false;
  if ((*address)[0] == 127) return true;
  return std::any_of(kLinkLocalIpv4.begin(), kLinkLocalIpv4.end(),
                     [&](std::string_view allowed) { return parse_address<Ipv4Address, AF_INET>(allowed) == address; });
}

bool is_allowed_ipv6(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto address = parse_address<Ipv6Address, AF_INET6>(host);
  if (!address) return false;
  return std::any_of(kAllowedIpv6.begin(), kAllowedIpv6.end(), [&](std::string_view allowed) {
    return parse_address<Ipv6Address, AF_INET6>(allowed) == address;
  });
}

}  // namespace

bool plain_http_allowed(std::string_view host) {
  return common::equals_ignore_case_ascii(host, "localhost") || is_allowed_ipv4(host) || is_allowed_ipv6(host);
}

}  // namespace rds_exporter::aws
