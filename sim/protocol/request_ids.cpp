#include "sim/protocol/request_ids.h"

#include "sim/common/split_mix64.h"

#include <cstdio>

namespace rds_exporter::sim {

std::string RequestIds::next() {
  const std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  const std::uint64_t high = split_mix64(seed_ ^ (2 * n));
  const std::uint64_t low = split_mix64(seed_ ^ (2 * n + 1));
  char text[40];
  // The version (4) and variant (8..b) nibbles are set as in a random UUID.
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xfff),
                static_cast<unsigned>(0x8000 | (low >> 48 & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

}  // namespace rds_exporter::sim
