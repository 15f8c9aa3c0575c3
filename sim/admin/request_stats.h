#pragma once

#include "sim/fleet/fleet.h"

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

  // account -> region -> Counts. Requests refused before their signer was known count under account "none";
  // unsigned ones under region "none" too.
  using ScopedCounts = std::map<std::string, std::map<std::string, Counts>>;

  void record(std::string_view service, std::string_view operation, std::string_view outcome,
              const Scope& scope = {});
  Counts snapshot() const;
  ScopedCounts scoped_snapshot() const;
  void reset();

 private:
  mutable std::mutex mutex_;
  Counts counts_;
  ScopedCounts scoped_counts_;
};

}  // namespace rds_exporter::sim
