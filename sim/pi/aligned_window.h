#pragma once

#include <cstdint>
#include <optional>

namespace rds_exporter::sim::pi {

// GetResourceMetrics' PeriodInSeconds: one of 1, 60, 300, 3600 and 86400.
bool is_valid_period(std::int64_t period);

// The period Performance Insights picks when PeriodInSeconds is omitted, aiming at no more than 200 points: the
// shortest of 60, 300, 3600 and 86400 that splits [start, end) into at most 200 aligned periods (86400 if none does).
// A one-second period is never picked, since counters are sampled once a minute.
std::int64_t default_period(double start_time, double end_time);

// A request's StartTime and EndTime widened to whole periods: start floored to a multiple of the period, end
// ceiled to one (times in seconds since the Unix epoch; periods aligned to the epoch, so 86400 to UTC days).
struct AlignedWindow {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::int64_t period = 60;

  std::int64_t periods() const { return (end - start) / period; }
};
AlignedWindow align_window(double start_time, double end_time, std::int64_t period);

}  // namespace rds_exporter::sim::pi
