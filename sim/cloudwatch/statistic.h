#pragma once

#include <optional>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// A CloudWatch statistic: one of the five basic ones, or a percentile "pNN" ("p99", "p99.9", "p0" to "p100").
// The other extended statistics (tm99, wm99, tc99, ts99, PR(..), IQM) are not simulated.
struct Statistic {
  enum class Kind { kSampleCount, kAverage, kSum, kMinimum, kMaximum, kPercentile };

  Kind kind = Kind::kAverage;
  // For kPercentile: 0 to 100.
  double percentile = 0;

  bool operator==(const Statistic&) const = default;
};

// "SampleCount", "Average", "Sum", "Minimum", "Maximum" (GetMetricStatistics' Statistics).
std::optional<Statistic> parse_basic_statistic(std::string_view text);

// "p" and a number from 0 to 100 with at most two decimals (GetMetricStatistics' ExtendedStatistics).
std::optional<Statistic> parse_percentile(std::string_view text);

// Either (GetMetricData's MetricStat.Stat).
std::optional<Statistic> parse_statistic(std::string_view text);

}  // namespace rds_exporter::sim::cloudwatch
