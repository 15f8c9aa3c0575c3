#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// How many requests the simulator answered, by service, operation and outcome ("200" or the error code), so
// that a test can check how many calls a client made and how they ended. Thread-safe.
class RequestStats {
 public:
  // outcome -> count, operation -> ..., service -> ...
  using Counts = std::map<std::string, std::map<std::string, std::map<std::string, std::uint64_t>>>;

  void record(std::string_view service, std::string_view operation, std::string_view outcome);
  Counts snapshot() const;
  void reset();

 private:
  mutable std::mutex mutex_;
  Counts counts_;
};

}  // namespace rds_exporter::sim
