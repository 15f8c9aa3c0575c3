#pragma once

#include <chrono>
#include <string_view>

namespace rds_exporter::aws {

// The AWS SDKs' retry modes the exporter implements (AWS_RETRY_MODE / the profile's retry_mode). `legacy`, each
// SDK's own older rules, is read as standard.
enum class RetryMode {
  // Retries with backoff within the retry quota (see ServiceClient).
  standard,
  // Standard, plus a client-side rate limiter per client whose rate follows throttling answers
  // (AdaptiveRateLimiter).
  adaptive,
};

std::string_view to_string(RetryMode mode);

// How often and how patiently a failed AWS call is tried again, applied to every AWS service: the attempts and
// mode resolved from cloudwatch.retry_attempts, AWS_MAX_ATTEMPTS / AWS_RETRY_MODE and the profile (see
// aws/session/sdk_options.h), the backoff base from cloudwatch.retry_delay.
struct RetryPolicy {
  // Attempts in all, the first one included.
  int max_attempts = 3;
  // Base of the exponential backoff (see backoff.h).
  std::chrono::milliseconds base_delay{1000};
  RetryMode mode = RetryMode::standard;
};

}  // namespace rds_exporter::aws
