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

// A UTC calendar date plus a time of day (which may run past midnight or before it, as when a "+02:00" offset
// is taken off) as a system_clock time; nullopt for an impossible date (2023-02-30) and for a time the clock
// cannot hold. libstdc++ counts nanoseconds in 64 bits, from 1677-09-22 to 2262-04-11: a later date from outside
// ("2300-01-01T00:00:00Z") would overflow that count, which is undefined behaviour, so it is refused instead.
std::optional<std::chrono::system_clock::time_point> civil_time(const std::chrono::year_month_day& date,
                                                                std::chrono::seconds time_of_day);

// The inverse of amz_date, for a verifier that checks a request's age or a presigned URL's expiry; nullopt
// unless `text` is exactly that form and a real calendar time.
std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text);

}  // namespace rds_exporter::aws
