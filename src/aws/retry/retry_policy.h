#pragma once

#include <chrono>

namespace rds_exporter::aws {

// How often and how patiently a failed AWS call is tried again (cloudwatch.retry_attempts and
// cloudwatch.retry_delay, applied to every AWS service).
struct RetryPolicy {
  // Attempts in all, the first one included.
  int max_attempts = 3;
  // Base of the exponential backoff (see backoff.h).
  std::chrono::milliseconds base_delay{1000};
};

}  // namespace rds_exporter::aws
