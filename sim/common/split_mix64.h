#pragma once

#include <cstdint>

namespace rds_exporter::sim {

// SplitMix64's output step: spreads consecutive inputs over all 64 bits. Request ids use it so they look as
// random as AWS's; CloudWatch values use it as the documented u(k) of sim/cloudwatch/metric_values.h, so it must
// never change.
constexpr std::uint64_t split_mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace rds_exporter::sim
