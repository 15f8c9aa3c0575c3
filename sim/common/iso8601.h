#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// "2024-05-01T12:00:00Z": the timestamp form of AWS Query responses and of the fleet file.
std::string iso8601(std::chrono::sys_seconds time);

// "2024-05-01T12:00:00.000Z": RDS writes instance and cluster creation times with milliseconds.
std::string iso8601_milliseconds(std::chrono::sys_seconds time);

// The inverse of iso8601(), fractional seconds allowed and dropped; nullopt unless `text` is that form in UTC
// and a real calendar time.
std::optional<std::chrono::sys_seconds> parse_iso8601(std::string_view text);

}  // namespace rds_exporter::sim
