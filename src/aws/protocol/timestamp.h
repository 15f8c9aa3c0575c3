#pragma once

#include <chrono>
#include <optional>

namespace rds_exporter::aws {

using TimePoint = std::chrono::system_clock::time_point;

// The text forms (ISO-8601, SigV4's basic form, HTTP dates) are common/time_text.h's.

// Epoch seconds as AWS JSON carries them: whole, fractional or in exponent notation (1.7145648E9), which
// Java-based services emit. Rounded to milliseconds; nullopt when not finite, outside the years 0001-9999 or
// outside what the clock holds (see civil_time in common/time_text.h).
std::optional<TimePoint> from_epoch_seconds(double seconds);

// Epoch milliseconds, the SSO portal's form; the same rounding and range as from_epoch_seconds.
std::optional<TimePoint> from_epoch_milliseconds(double milliseconds);

}  // namespace rds_exporter::aws
