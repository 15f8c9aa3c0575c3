#include "sim/admin/request_stats.h"

namespace rds_exporter::sim {

void RequestStats::record(std::string_view service, std::string_view operation, std::string_view outcome) {
  const std::lock_guard lock(mutex_);
  ++counts_[std::string(service)][std::string(operation)][std::string(outcome)];
}

RequestStats::Counts RequestStats::snapshot() const {
  const std::lock_guard lock(mutex_);
  return counts_;
}

void RequestStats::reset() {
  const std::lock_guard lock(mutex_);
  counts_.clear();
}

}  // namespace rds_exporter::sim
