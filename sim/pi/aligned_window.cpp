#include "sim/pi/aligned_window.h"

#include "sim/cloudwatch/time_arithmetic.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace rds_exporter::sim::pi {
namespace {

constexpr std::int64_t kPeriods[] = {1, 60, 300, 3600, 86400};
constexpr std::int64_t kDefaultPeriodCandidates[] = {60, 300, 3600, 86400};
constexpr std::int64_t kDefaultPeriodPoints = 200;

}  // namespace

bool is_valid_period(std::int64_t period) {
  return std::find(std::begin(kPeriods), std::end(kPeriods), period) != std::end(kPeriods);
}

std::int64_t default_period(double start_time, double end_time) {
  for (const std::int64_t period : kDefaultPeriodCandidates) {
    if (align_window(start_time, end_time, period).periods() <= kDefaultPeriodPoints) return period;
  }
  return kDefaultPeriodCandidates[std::size(kDefaultPeriodCandidates) - 1];
}

AlignedWindow align_window(double start_time, double end_time, std::int64_t period) {
  const auto start = static_cast<std::int64_t>(std::floor(start_time));
  const auto end = static_cast<std::int64_t>(std::ceil(end_time));
  return {cloudwatch::floor_to_multiple(start, period), cloudwatch::ceil_to_multiple(end, period), period};
}

}  // namespace rds_exporter::sim::pi
