#include "collection/collection_window.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace rds_exporter::collection {
namespace {

constexpr std::chrono::seconds kMinimumSpan{15 * 60};
constexpr std::int64_t kMinimumPeriods = 3;

std::int64_t floor_div(std::int64_t numerator, std::int64_t denominator) {
  const std::int64_t quotient = numerator / denominator;
  return (numerator % denominator != 0 && numerator < 0) ? quotient - 1 : quotient;
}

}  // namespace

CollectionWindow collection_window(std::chrono::system_clock::time_point now, std::chrono::seconds period,
                                   std::chrono::seconds delay) {
  if (period.count() <= 0) throw std::invalid_argument("the collection period must be positive");
  const std::int64_t seconds = std::chrono::floor<std::chrono::seconds>(now - delay).time_since_epoch().count();
  const std::chrono::seconds end{floor_div(seconds, period.count()) * period.count()};
  // Rounded up, so that the window is never shorter than its minimum.
  const std::int64_t minimum = std::max(kMinimumPeriods * period.count(), kMinimumSpan.count());
  const std::chrono::seconds span{-floor_div(-minimum, period.count()) * period.count()};
  return {std::chrono::sys_seconds{end - span}, std::chrono::sys_seconds{end}};
}

std::chrono::seconds backfill_limit(std::chrono::seconds period, std::chrono::seconds collection_interval) {
  if (period.count() <= 0) throw std::invalid_argument("the collection period must be positive");
  constexpr std::int64_t kMaxPeriods = 100'800 / 500;
  const std::chrono::seconds wanted = std::max<std::chrono::seconds>(std::chrono::hours(1), 2 * collection_interval);
  const std::int64_t periods = std::min(kMaxPeriods, -floor_div(-wanted.count(), period.count()));
  return period * periods;
}

}  // namespace rds_exporter::collection
