#pragma once

#include <mutex>

namespace rds_exporter::aws {

// The SDKs' retry quota (standard mode, docs/retries-and-endpoints.md#retry-quota): a bucket of 500 tokens
// shared by every call to a service. A retry takes 5 tokens (10 after a timeout or a broken connection); a
// success gives back what its retries took, or 1 when it needed none. When a storm of failures empties the
// bucket, calls stop retrying and fail at once, instead of multiplying the load on a struggling service.
class RetryQuota {
 public:
  static constexpr int kCapacity = 500;
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;
  static constexpr int kNoRetryRefund = 1;

  explicit RetryQuota(int capacity = kCapacity);

  // Takes `cost` tokens for a retry; false (and nothing taken) when too few are left.
  bool try_acquire(int cost);
  // After a success: `retry_cost` is what the call's last retry took, 0 if it had none.
  void release_after_success(int retry_cost);
  int available() const;

 private:
  const int capacity_;
  mutable std::mutex mutex_;
  int available_;
};

}  // namespace rds_exporter::aws
