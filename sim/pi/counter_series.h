#pragma once

#include "sim/cloudwatch/metric_values.h"
#include "sim/fleet/fleet.h"
#include "sim/pi/counter_catalog.h"

#include <cstdint>
#include <optional>

namespace rds_exporter::sim::pi {

// Performance Insights keeps 7 days of data in its free tier; older samples are gone.
inline constexpr std::int64_t kRetentionSeconds = 7LL * 24 * 3600;

// One counter of one instance. Its samples are CloudWatch's (sim/cloudwatch/metric_values.h) for the series keyed
// by the instance's DbiResourceId and the counter's name without statistic suffix, one a minute, in the counter's
// range. A sample at s is held when the instance publishes (is not stopped), was created by s, and
// s >= now - 7 days. A period's value exists once the period is complete, its end at least 60 s before now
// (CloudWatch's publication delay), and holds at least one sample; it is then the statistic of those samples, as
// CloudWatch computes it. Times are seconds since the Unix epoch.
class CounterSeries {
 public:
  CounterSeries(const DbInstance& instance, const Counter& counter);

  // The value of `statistic` over [start, start + period) seen at `now`, or nullopt when there is none yet.
  std::optional<double> value(const cloudwatch::Statistic& statistic, std::int64_t start, std::int64_t period,
                              std::int64_t now) const;

 private:
  cloudwatch::SeriesShape shape_;
  std::int64_t created_;
  bool publishing_;
};

}  // namespace rds_exporter::sim::pi
