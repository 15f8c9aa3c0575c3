#include "sim/cloudwatch/datapoint_times.h"

#include "sim/cloudwatch/time_arithmetic.h"

#include <algorithm>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

}  // namespace

std::int64_t rounded_start(std::int64_t start, std::int64_t period, std::int64_t now) {
  if (period < 60) return floor_to_multiple(start, period);
  const std::int64_t age = now - start;
  if (age > 63 * kDay) return floor_to_multiple(start, kHour);
  if (age > 15 * kDay) return floor_to_multiple(start, 300);
  return floor_to_multiple(start, 60);
}

bool period_has_data(std::int64_t start, std::int64_t period, std::int64_t now) {
  const std::int64_t age = now - start;
  if (age > 63 * kDay) return period % kHour == 0;
  if (age > 15 * kDay) return period % 300 == 0;
  if (age > 3 * kHour) return period % 60 == 0;
  return true;
}

DatapointTimes::DatapointTimes(const MetricSeries& series, const TimeWindow& window, std::int64_t now)
    : origin_(rounded_start(window.start, window.period, now)),
      period_(window.period),
      resolution_(series.metric->resolution_seconds),
      visible_(visible_samples(series, now)),
      dense_(window.period >= resolution_) {
  if (visible_.empty() || window.end <= origin_ || !period_has_data(window.start, window.period, now)) return;
  // The last bucket starts before `end` and may reach past it.
  const std::int64_t buckets_end = origin_ + (floor_div(window.end - origin_ - 1, period_) + 1) * period_;
  first_sample_ = ceil_to_multiple(std::max(visible_.first, origin_), resolution_);
  const std::int64_t last_sample = std::min(visible_.last, floor_to_multiple(buckets_end - 1, resolution_));
  if (first_sample_ > last_sample) return;
  if (dense_) {
    count_ = static_cast<std::size_t>(floor_div(last_sample - origin_, period_) -
                                      floor_div(first_sample_ - origin_, period_) + 1);
  } else {
    count_ = static_cast<std::size_t>((last_sample - first_sample_) / resolution_ + 1);
  }
}

std::int64_t DatapointTimes::at(std::size_t i) const {
  const auto index = static_cast<std::int64_t>(i);
  if (dense_) return origin_ + (floor_div(first_sample_ - origin_, period_) + index) * period_;
  const std::int64_t sample = first_sample_ + index * resolution_;
  return origin_ + floor_div(sample - origin_, period_) * period_;
}

}  // namespace rds_exporter::sim::cloudwatch
