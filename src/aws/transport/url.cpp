#include "aws/transport/url.h"

#include "common/text.h"

#include <algorithm>
#include <charconv>

namespace rds_exporter::aws {
namespace {

bool is_scheme(std::string_view text) {
  if (text.empty() || !common::is_ascii_alpha(text.front())) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return common::is_ascii_alnum(c) || c == '+' || c == '-' || c == '.'; });
}

bool is_host_character(char c) {
  return c > ' ' && c != 0x7f && c != '[' && c != ']' && c != ':' && c != '@' && c != '/' && c != '?' && c != '#';
}

std::optional<int> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  int port = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) return std::nullopt;
  return port;
}

}  // namespace

std::optional<UrlParts> parse_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || !is_scheme(url.substr(0, scheme_end))) return std::nullopt;
  UrlParts parts;
  parts.scheme = common::to_lower_ascii(url.substr(0, scheme_end));

  const std::string_view rest = url.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  const std::string_view after_authority = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);

  std::string_view port_text;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    parts.host = std::string(authority.substr(1, close - 1));
    const std::string_view after_host = authority.substr(close + 1);
    if (!after_host.empty()) {
      if (after_host.front() != ':') return std::nullopt;
      port_text = after_host.substr(1);
      has_port = true;
    }
    const bool ipv6_literal = !parts.host.empty() && std::all_of(parts.host.begin(), parts.host.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
    });
    if (!ipv6_literal) return std::nullopt;
  } else {
    const auto colon = authority.find(':');
    parts.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      has_port = true;
    }
    if (parts.host.empty() || !std::all_of(parts.host.begin(), parts.host.end(), is_host_character)) {
      return std::nullopt;
    }
  }
  if (has_port) {
    parts.port = parse_port(port_text);
    if (!parts.port) return std::nullopt;
  }

  const std::string_view path = after_authority.substr(0, after_authority.find_first_of("?#"));
  parts.path = path.empty() ? "/" : std::string(path);
  return parts;
}

}  // namespace rds_exporter::aws
