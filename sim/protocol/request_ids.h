#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace rds_exporter::sim {

// Request ids in AWS's form (a version 4 UUID, "5e2a1c7d-9f0b-4d3e-8a61-2b4c6d8e0f12"), a fixed sequence for a
// seed so that runs can be compared. Thread-safe.
class RequestIds {
 public:
  explicit RequestIds(std::uint64_t seed) : seed_(seed) {}

  std::string next();

 private:
  std::uint64_t seed_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace rds_exporter::sim
