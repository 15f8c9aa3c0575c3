#include "aws/protocol/timestamp.h"

#include <cmath>
#include <cstdint>

namespace rds_exporter::aws {
namespace {

using std::chrono::milliseconds;

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the range ISO-8601 writes with four-digit years.
constexpr double kEarliestEpochMilliseconds = -62135596800000.0;
constexpr double kLatestEpochMilliseconds = 253402300799999.0;
const double kClockEarliestMilliseconds =
    static_cast<double>(std::chrono::ceil<milliseconds>(TimePoint::min()).time_since_epoch().count());
const double kClockLatestMilliseconds =
    static_cast<double>(std::chrono::floor<milliseconds>(TimePoint::max()).time_since_epoch().count());

}  // namespace

std::optional<TimePoint> from_epoch_seconds(double seconds) { return from_epoch_milliseconds(seconds * 1000.0); }

std::optional<TimePoint> from_epoch_milliseconds(double milliseconds) {
  if (!std::isfinite(milliseconds)) return std::nullopt;
  const double rounded = std::round(milliseconds);
  if (rounded < kEarliestEpochMilliseconds || rounded > kLatestEpochMilliseconds) return std::nullopt;
  // The clock's own range is narrower than the years 0001-9999 (see civil_time): past it, the conversion to its
  // nanoseconds would overflow.
  if (rounded < kClockEarliestMilliseconds || rounded > kClockLatestMilliseconds) return std::nullopt;
  return TimePoint{
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds{static_cast<std::int64_t>(rounded)})};
}

}  // namespace rds_exporter::aws
