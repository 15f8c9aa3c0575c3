#pragma once

#include "sim/cloudwatch/metric_values.h"

#include <cstddef>
#include <cstdint>

namespace rds_exporter::sim::cloudwatch {

// A query's window as CloudWatch reads it (GetMetricData/GetMetricStatistics model docs,
// docs/aws-wire-formats.md#getmetricdata-limits-and-semantics): all times in seconds since the epoch, `start`
// inclusive and `end` exclusive.
struct TimeWindow {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::int64_t period = 60;
};

// StartTime rounded down as CloudWatch rounds it: to the period for the sub-minute periods (1, 5, 10, 20, 30),
// else by the start's age at `now`: to the minute under 15 days, to 5 minutes up to 63 days, to the hour beyond.
std::int64_t rounded_start(std::int64_t start, std::int64_t period, std::int64_t now);

// CloudWatch returns no data at all for a start more than 3 hours ago unless the period is a multiple of 60,
// more than 15 days ago unless a multiple of 300, more than 63 days ago unless a multiple of 3600.
bool period_has_data(std::int64_t start, std::int64_t period, std::int64_t now);

// The start times of a series' datapoints in a window, oldest first: every rounded_start + k * period before
// `end` whose period holds a visible sample (see metric_values.h). Computed in constant time and indexed
// without being stored, since a page may skip most of a long series.
class DatapointTimes {
 public:
  DatapointTimes() = default;
  DatapointTimes(const MetricSeries& series, const TimeWindow& window, std::int64_t now);

  std::size_t size() const { return count_; }
  // The i-th oldest.
  std::int64_t at(std::size_t i) const;

  std::int64_t period() const { return period_; }
  const SampleRange& visible() const { return visible_; }

 private:
  std::int64_t origin_ = 0;
  std::int64_t period_ = 60;
  std::int64_t resolution_ = 60;
  SampleRange visible_;
  // The first visible sample inside the window.
  std::int64_t first_sample_ = 0;
  std::size_t count_ = 0;
  // A period at least as long as the resolution holds a sample in every bucket between the first and last
  // sample (dense); a shorter one at most one sample (sparse), so the datapoints follow the samples.
  bool dense_ = true;
};

}  // namespace rds_exporter::sim::cloudwatch
