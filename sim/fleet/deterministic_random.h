#pragma once

#include <cstdint>
#include <iterator>
#include <random>
#include <span>

namespace rds_exporter::sim {

// Random choices that come out the same for a seed on every platform: std::mt19937_64's output is fixed by
// the standard, while std::uniform_int_distribution and friends differ between standard libraries, so the
// draws below are written out by hand.
class DeterministicRandom {
 public:
  explicit DeterministicRandom(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, bound), without modulo bias; bound must be positive.
  std::uint64_t below(std::uint64_t bound);

  // Uniform in [low, high].
  int between(int low, int high);

  // True with probability percent/100.
  bool percent(unsigned percent) { return below(100) < percent; }

  // The index drawn with probability weight[i] / sum(weights); the weights must not all be zero.
  std::size_t weighted_index(std::span<const unsigned> weights);

  // One element of a non-empty array or span, each as likely.
  template <class Items>
  const auto& pick(const Items& items) {
    return items[below(std::size(items))];
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace rds_exporter::sim
