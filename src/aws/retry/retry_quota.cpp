#include "aws/retry/retry_quota.h"

#include <algorithm>

namespace rds_exporter::aws {

RetryQuota::RetryQuota(int capacity) : capacity_(capacity), available_(capacity) {}

bool RetryQuota::try_acquire(int cost) {
  const std::lock_guard lock(mutex_);
  if (available_ < cost) return false;
  available_ -= cost;
  return true;
}

void RetryQuota::release_after_success(int retry_cost) {
  const std::lock_guard lock(mutex_);
  available_ = std::min(capacity_, available_ + (retry_cost > 0 ? retry_cost : kNoRetryRefund));
}

int RetryQuota::available() const {
  const std::lock_guard lock(mutex_);
  return available_;
}

}  // namespace rds_exporter::aws
