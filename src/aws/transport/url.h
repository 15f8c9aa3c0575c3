#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

// The parts of an absolute http(s)-style URL that decide where a request goes.
struct UrlParts {
  // Lower case, e.g. "https".
  std::string scheme;
  // As written but without the brackets of an IPv6 literal ("::1" for "http://[::1]/"), so that it can be
  // compared with addresses directly.
  std::string host;
  // Only when the URL names one; the scheme's default port is not filled in.
  std::optional<int> port;
  // Without query and fragment; "/" when the URL has no path.
  std::string path;
};

// Nothing when the text is not "scheme://host[:port][/path][?query][#fragment]" (user info before the
// host is accepted and dropped), when the host is empty or the port is not a number from 1 to 65535.
std::optional<UrlParts> parse_url(std::string_view url);

}  // namespace rds_exporter::aws
