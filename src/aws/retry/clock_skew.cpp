#include "aws/retry/clock_skew.h"

#include "common/time_text.h"

namespace rds_exporter::aws {

ClockSkew::SystemClock::time_point ClockSkew::now() const { return corrected(SystemClock::now()); }

ClockSkew::SystemClock::time_point ClockSkew::corrected(SystemClock::time_point local) const {
  using TimePoint = SystemClock::time_point;
  const auto shift = std::chrono::duration_cast<TimePoint::duration>(offset());
  if (shift > TimePoint::duration::zero() && local > TimePoint::max() - shift) return TimePoint::max();
  if (shift < TimePoint::duration::zero() && local < TimePoint::min() - shift) return TimePoint::min();
  return local + shift;
}

bool ClockSkew::observe_server_date(std::string_view date_header, SystemClock::time_point local) {
  const auto server = common::parse_http_date(date_header);
  if (!server) return false;
  // In milliseconds, which hold any difference of two clock times.
  using std::chrono::milliseconds;
  const auto server_ms = std::chrono::floor<milliseconds>(*server);
  const auto local_ms = std::chrono::floor<milliseconds>(local);
  const milliseconds new_offset = server_ms - local_ms;
  if (std::chrono::abs(new_offset - offset()) < kCorrectionThreshold) return false;
  if (std::chrono::abs(new_offset) > kLargestOffset) return false;
  offset_ms_.store(new_offset.count(), std::memory_order_relaxed);
  return true;
}

std::chrono::milliseconds ClockSkew::offset() const {
  return std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed));
}

}  // namespace rds_exporter::aws
