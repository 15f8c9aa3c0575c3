#pragma once

#include "sim/cloudwatch/metric_series.h"
#include "sim/cloudwatch/statistic.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

// Every simulated value is a pure function of (source id, metric, statistic, timestamp, period) and the time of
// the request, so that a test can compute what it should see. Times are seconds since the Unix epoch.
//
// A series (one metric of one instance or cluster) is keyed by
//   key = FNV-1a-64("<source id>/<metric name>")   (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
// and draws numbers u(k) in [0, 1) as
//   u(k) = (mix(key + k) >> 11) * 2^-53,
//   mix(x) = SplitMix64's step: x += 0x9e3779b97f4a7c15; x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
//            x = (x ^ (x >> 27)) * 0x94d049bb133111eb; return x ^ (x >> 31)   (all modulo 2^64)
// which fix where the series sits in its metric's range [low, high] and how it moves over the day:
//   level = 0.25 + 0.5 * u(0),  swing = 0.05 + 0.15 * u(1),  phase = u(2).
//
// Samples. The metric publishes one sample every r seconds (its resolution: 60, or 300 for the 5-minute
// metrics); the sample at s (a multiple of r) covers [s, s + r) and is
//   f(s)      = clamp(level + swing * sin(2π * (s / 86400 + phase)) + 0.1 * (u(3 + s / r) - 0.5), 0, 1)
//   sample(s) = low + (high - low) * f(s), rounded half away from zero for whole-number metrics (counts).
// It is visible at `now` when the resource publishes (not stopped), created <= s, s + r + 60 <= now (published a
// minute after it closes), and s >= now - 455 days (CloudWatch's longest retention).
//
// Datapoints. The datapoint for [t, t + period) exists when it holds at least one visible sample, and its
// statistics are those of its visible samples s1 < s2 < ... < sn:
//   SampleCount = n (period / 60 for a whole period of a 1-minute metric), Sum = sample(s1) + ... + sample(sn)
//   added in that order, Average = Sum / n, Minimum, Maximum, and the percentile pNN = the ceil(NN/100 * n)-th
//   smallest sample (the smallest for p0).
// So Minimum <= pNN <= Maximum, Minimum <= Average <= Maximum, Sum = Average * SampleCount (to rounding), and with one
// sample a period (period 60, as RDS publishes) every statistic but SampleCount is that sample: use a longer
// period to tell them apart.

inline constexpr std::int64_t kPublicationDelaySeconds = 60;
inline constexpr std::int64_t kRetentionSeconds = 455LL * 24 * 3600;

// The constants of one series and its sample function.
class SeriesShape {
 public:
  SeriesShape(std::string_view source_id, const MetricDefinition& metric);

  // sample(s) above; `start` must be a multiple of the metric's resolution.
  double sample(std::int64_t start) const;

 private:
  std::uint64_t key_;
  double level_;
  double swing_;
  double phase_;
  ValueRange range_;
  std::int64_t resolution_;
};

// The key of a series, as above.
std::uint64_t series_key(std::string_view source_id, std::string_view metric_name);

// The first and last visible sample starts of a series at `now` (multiples of its resolution); empty when
// first > last.
struct SampleRange {
  std::int64_t first = 0;
  std::int64_t last = -1;

  bool empty() const { return first > last; }
};
SampleRange visible_samples(const MetricSeries& series, std::int64_t now);

// The visible samples of one datapoint, and its statistics.
class DatapointSamples {
 public:
  // Replaces the samples by those of [start, start + period) that lie within `visible`.
  void collect(const SeriesShape& shape, const SampleRange& visible, std::int64_t resolution, std::int64_t start,
               std::int64_t period);

  bool empty() const { return samples_.empty(); }
  double value(const Statistic& statistic);

 private:
  std::vector<double> samples_;
  double sum_ = 0;
  double minimum_ = 0;
  double maximum_ = 0;
  bool sorted_ = false;
};

// The value a client sees for `statistic` of the datapoint starting at `start`, or nullopt when that datapoint
// does not exist. Computes the series' shape; for many datapoints of one series use SeriesShape and
// DatapointSamples directly.
std::optional<double> datapoint_value(const MetricSeries& series, const Statistic& statistic,
                                      std::chrono::sys_seconds start, std::chrono::seconds period,
                                      std::chrono::sys_seconds now);

}  // namespace rds_exporter::sim::cloudwatch
