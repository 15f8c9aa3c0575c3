#include "sim/fleet/deterministic_random.h"

#include <limits>
#include <numeric>

namespace rds_exporter::sim {

std::uint64_t DeterministicRandom::below(std::uint64_t bound) {
  // Rejects the top partial range of the engine's output, so every value below `bound` is equally likely.
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t value = engine_();
  while (value >= limit) value = engine_();
  return value % bound;
}

int DeterministicRandom::between(int low, int high) {
  return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low) + 1));
}

std::size_t DeterministicRandom::weighted_index(std::span<const unsigned> weights) {
  const std::uint64_t total = std::accumulate(weights.begin(), weights.end(), std::uint64_t{0});
  std::uint64_t draw = below(total);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (draw < weights[i]) return i;
    draw -= weights[i];
  }
  return weights.size() - 1;
}

}  // namespace rds_exporter::sim
