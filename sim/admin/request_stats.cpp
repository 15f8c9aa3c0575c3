#include "sim/admin/request_stats.h"

namespace rds_exporter::sim {

void RequestStats::record(std::string_view service, std::string_view operation, std::string_view outcome,
                          const Scope& scope) {
  const std::lock_guard lock(mutex_);
  ++counts_[std::string(service)][std::string(operation)][std::string(outcome)];
  const std::string account = scope.account_id.empty() ? "none" : scope.account_id;
  const std::string region = scope.region.empty() ? "none" : scope.region;
  ++scoped_counts_[account][region][std::string(service)][std::string(operation)][std::string(outcome)];
}

RequestStats::Counts RequestStats::snapshot() const {
  const std::lock_guard lock(mutex_);
  return counts_;
}

RequestStats::ScopedCounts RequestStats::scoped_snapshot() const {
  const std::lock_guard lock(mutex_);
  return scoped_counts_;
}

void RequestStats::reset() {
  const std::lock_guard lock(mutex_);
  counts_.clear();
  scoped_counts_.clear();
}

}  // namespace rds_exporter::sim
