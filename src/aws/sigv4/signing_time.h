#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

// "20150830T123600Z": the X-Amz-Date form of a signing time, in UTC, truncated to whole seconds.
std::string amz_date(std::chrono::system_clock::time_point time);

// "20150830": the day that goes into the credential scope and the signing key.
std::string date_stamp(std::chrono::system_clock::time_point time);

// The inverse of amz_date, for a verifier that checks a request's age or a presigned URL's expiry; nullopt
// unless `text` is exactly that form and a real calendar time.
std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text);

}  // namespace rds_exporter::aws
