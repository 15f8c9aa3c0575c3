#pragma once

#include "sim/common/clock.h"

#include <chrono>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rds_exporter::sim {

// IMDSv2 session tokens: handed out by PUT /latest/api/token for a TTL, required by every metadata GET
// until then. Thread-safe.
class ImdsTokens {
 public:
  explicit ImdsTokens(Clock clock);

  std::string issue(std::chrono::seconds ttl);
  bool valid(std::string_view token) const;

 private:
  Clock clock_;
  mutable std::mutex mutex_;
  std::mt19937_64 random_;
  std::unordered_map<std::string, std::chrono::system_clock::time_point> expiry_;
};

}  // namespace rds_exporter::sim
