#include "sim/protocol/request_ids.h"

#include <cstdio>

namespace rds_exporter::sim {
namespace {

// SplitMix64: spreads consecutive counters over all 64 bits, so ids look as random as AWS's.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string RequestIds::next() {
  const std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  const std::uint64_t high = mix(seed_ ^ (2 * n));
  const std::uint64_t low = mix(seed_ ^ (2 * n + 1));
  char text[40];
  // The version (4) and variant (8..b) nibbles are set as in a random UUID.
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xfff),
                static_cast<unsigned>(0x8000 | (low >> 48 & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

}  // namespace rds_exporter::sim
