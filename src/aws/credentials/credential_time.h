#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace rds_exporter::aws {

// An expiry time as credential sources write it: RFC 3339 ("2024-05-01T20:00:00Z", with or without a
// fraction, or with a numeric offset), and the "2024-05-01T20:00:00UTC" form older AWS CLIs wrote into the SSO
// token cache. nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_credential_time(std::string_view text);

}  // namespace rds_exporter::aws
