#pragma once

#include <atomic>
#include <cstdint>

namespace rds_exporter::sim {

// What the Amazon Managed Service for Prometheus remote-write endpoint took in, for the admin API to show
// (aps_samples_received): every sample of every accepted request. Thread-safe.
class ApsUsage {
 public:
  void record_samples(std::uint64_t samples) { samples_.fetch_add(samples, std::memory_order_relaxed); }
  std::uint64_t samples() const { return samples_.load(std::memory_order_relaxed); }
  void reset() { samples_.store(0, std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> samples_{0};
};

}  // namespace rds_exporter::sim
