#include "sim/cloudwatch/metric_values.h"

#include "sim/cloudwatch/fnv1a.h"
#include "sim/cloudwatch/time_arithmetic.h"
#include "sim/common/split_mix64.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace rds_exporter::sim::cloudwatch {
namespace {

// u(k) of metric_values.h.
double series_uniform(std::uint64_t key, std::uint64_t k) {
  return static_cast<double>(split_mix64(key + k) >> 11) * 0x1.0p-53;
}

constexpr double kSecondsPerDay = 86400;

}  // namespace

std::uint64_t series_key(std::string_view source_id, std::string_view metric_name) {
  return Fnv1a().add(source_id).add("/").add(metric_name).value();
}

SeriesShape::SeriesShape(std::string_view source_id, const MetricDefinition& metric)
    : key_(series_key(source_id, metric.name)),
      level_(0.25 + 0.5 * series_uniform(key_, 0)),
      swing_(0.05 + 0.15 * series_uniform(key_, 1)),
      phase_(series_uniform(key_, 2)),
      range_(metric.range),
      resolution_(metric.resolution_seconds) {}

double SeriesShape::sample(std::int64_t start) const {
  const double day = static_cast<double>(start) / kSecondsPerDay + phase_;
  const double noise = series_uniform(key_, static_cast<std::uint64_t>(3 + start / resolution_)) - 0.5;
  const double f = std::clamp(level_ + swing_ * std::sin(2 * std::numbers::pi * day) + 0.1 * noise, 0.0, 1.0);
  const double value = range_.low + (range_.high - range_.low) * f;
  return range_.whole_numbers ? std::round(value) : value;
}

SampleRange visible_samples(const MetricSeries& series, std::int64_t now) {
  if (!series.publishing) return {};
  const std::int64_t resolution = series.metric->resolution_seconds;
  const std::int64_t oldest = std::max(series.created.time_since_epoch().count(), now - kRetentionSeconds);
  return {ceil_to_multiple(oldest, resolution),
          floor_to_multiple(now - kPublicationDelaySeconds - resolution, resolution)};
}

void DatapointSamples::collect(const SeriesShape& shape, const SampleRange& visible, std::int64_t resolution,
                               std::int64_t start, std::int64_t period) {
  samples_.clear();
  sorted_ = false;
  sum_ = 0;
  const std::int64_t last = std::min(visible.last, start + period - 1);
  for (std::int64_t s = ceil_to_multiple(std::max(start, visible.first), resolution); s <= last; s += resolution) {
    const double value = shape.sample(s);
    if (samples_.empty()) {
      minimum_ = maximum_ = value;
    } else {
      minimum_ = std::min(minimum_, value);
      maximum_ = std::max(maximum_, value);
    }
    sum_ += value;
    samples_.push_back(value);
  }
}

double DatapointSamples::value(const Statistic& statistic) {
  const auto count = static_cast<double>(samples_.size());
  switch (statistic.kind) {
    case Statistic::Kind::kSampleCount:
      return count;
    case Statistic::Kind::kAverage:
      return sum_ / count;
    case Statistic::Kind::kSum:
      return sum_;
    case Statistic::Kind::kMinimum:
      return minimum_;
    case Statistic::Kind::kMaximum:
      return maximum_;
    case Statistic::Kind::kPercentile:
      break;
  }
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  const auto rank = static_cast<std::size_t>(std::ceil(statistic.percentile / 100 * count));
  return samples_[rank == 0 ? 0 : rank - 1];
}

std::optional<double> datapoint_value(const MetricSeries& series, const Statistic& statistic,
                                      std::chrono::sys_seconds start, std::chrono::seconds period,
                                      std::chrono::sys_seconds now) {
  const SeriesShape shape(series.source_id, *series.metric);
  DatapointSamples samples;
  samples.collect(shape, visible_samples(series, now.time_since_epoch().count()), series.metric->resolution_seconds,
                  start.time_since_epoch().count(), period.count());
  if (samples.empty()) return std::nullopt;
  return samples.value(statistic);
}

}  // namespace rds_exporter::sim::cloudwatch
