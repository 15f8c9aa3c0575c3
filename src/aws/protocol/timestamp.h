#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

using TimePoint = std::chrono::system_clock::time_point;

// "2024-05-01T12:00:00Z", the Query protocol's timestamp form, in UTC. Milliseconds ("…00.250Z") appear only
// when the time has some, as botocore writes them only then.
std::string format_iso8601(TimePoint time);

// "2024-05-01T12:00:00.250000Z": always six digits of fraction, as Kubernetes writes a MicroTime (Go's
// "2006-01-02T15:04:05.000000Z07:00" in UTC). Read back by parse_iso8601.
std::string format_iso8601_microseconds(TimePoint time);

// A date-time as AWS writes it in XML: "2024-05-01T12:00:00Z", optionally with a fraction
// ("2023-02-14T09:21:07.112Z") and a numeric offset ("+02:00") in place of the Z. nullopt for anything else,
// including impossible dates and dates the clock cannot hold (after 2262-04-11 with libstdc++), so that a
// garbled field is reported rather than read as some other time.
std::optional<TimePoint> parse_iso8601(std::string_view text);

// Epoch seconds as AWS JSON carries them: whole, fractional or in exponent notation (1.7145648E9), which
// Java-based services emit. Rounded to milliseconds; nullopt when not finite, outside the years 0001-9999 or
// outside what the clock holds (see civil_time in aws/sigv4/signing_time.h).
std::optional<TimePoint> from_epoch_seconds(double seconds);

// Epoch milliseconds, the SSO portal's form; the same rounding and range as from_epoch_seconds.
std::optional<TimePoint> from_epoch_milliseconds(double milliseconds);

}  // namespace rds_exporter::aws
