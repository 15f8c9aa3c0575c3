#pragma once

#include <cstdint>

namespace rds_exporter::sim::cloudwatch {

// Integer division rounding toward minus infinity, so that times before 1970 round like the others. `divisor`
// must be positive.
constexpr std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  const std::int64_t quotient = value / divisor;
  return quotient * divisor > value ? quotient - 1 : quotient;
}

constexpr std::int64_t floor_to_multiple(std::int64_t value, std::int64_t step) {
  return floor_div(value, step) * step;
}

constexpr std::int64_t ceil_to_multiple(std::int64_t value, std::int64_t step) {
  return -floor_to_multiple(-value, step);
}

}  // namespace rds_exporter::sim::cloudwatch
