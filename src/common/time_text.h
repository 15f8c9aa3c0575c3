#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::common {

// The text forms of a time that the exporter reads and writes, all in UTC and all read by one digit reader.

// A UTC calendar date plus a time of day (which may run past midnight or before it, as when a "+02:00" offset
// is taken off) as a system_clock time; nullopt for an impossible date (2023-02-30) and for a time the clock
// cannot hold. libstdc++ counts nanoseconds in 64 bits, from 1677-09-22 to 2262-04-11: a later date from outside
// ("2300-01-01T00:00:00Z") would overflow that count, which is undefined behaviour, so it is refused instead.
std::optional<std::chrono::system_clock::time_point> civil_time(const std::chrono::year_month_day& date,
                                                                std::chrono::seconds time_of_day);

// "20150830T123600Z": ISO-8601's basic form, SigV4's X-Amz-Date, truncated to whole seconds.
std::string amz_date(std::chrono::system_clock::time_point time);

// "20150830": the day that goes into SigV4's credential scope and signing key.
std::string date_stamp(std::chrono::system_clock::time_point time);

// The inverse of amz_date, for a verifier that checks a request's age or a presigned URL's expiry; nullopt
// unless `text` is exactly that form and a real calendar time.
std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text);

// "2024-05-01T12:00:00Z", the Query protocol's timestamp form. Milliseconds ("…00.250Z") appear only when the
// time has some, as botocore writes them only then.
std::string format_iso8601(std::chrono::system_clock::time_point time);

// "2024-05-01T12:00:00.250000Z": always six digits of fraction, as Kubernetes writes a MicroTime (Go's
// "2006-01-02T15:04:05.000000Z07:00" in UTC). Read back by parse_iso8601.
std::string format_iso8601_microseconds(std::chrono::system_clock::time_point time);

// A date-time as AWS writes it in XML and Kubernetes in JSON (RFC 3339): "2024-05-01T12:00:00Z", optionally with
// a fraction ("2023-02-14T09:21:07.112Z") and a numeric offset ("+02:00") in place of the Z. nullopt for anything
// else, including impossible dates and dates the clock cannot hold (see civil_time), so that a garbled field is
// reported rather than read as some other time.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

// An HTTP Date header's IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 7231), truncated to whole seconds.
std::string format_http_date(std::chrono::system_clock::time_point time);
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

}  // namespace rds_exporter::common
