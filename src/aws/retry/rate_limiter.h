#pragma once

#include <chrono>
#include <mutex>

namespace rds_exporter::aws {

// A client-side token bucket per service that keeps the exporter under AWS's API quotas (RDS: 12
// requests/s per account and region; GetMetricData: 50/s), so that a large fleet spreads its calls out
// instead of being throttled, and leaves room for the account's other tools. Holds up to one second of
// requests as a burst. Every attempt, retries included, takes a token.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(double requests_per_second);

  // Blocks until a request may go.
  void acquire();

  // Takes a token at `now` and says how long the caller must wait before using it. Waiting callers hold
  // reservations in order, so none of them starves.
  Clock::duration reserve(Clock::time_point now);

 private:
  const double rate_;
  const double burst_;
  std::mutex mutex_;
  double tokens_;
  Clock::time_point last_refill_;
  bool started_ = false;
};

}  // namespace rds_exporter::aws
