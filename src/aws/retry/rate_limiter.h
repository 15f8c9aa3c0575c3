#pragma once

#include <chrono>
#include <mutex>
#include <stop_token>

namespace rds_exporter::aws {

// A client-side token bucket per service that keeps the exporter under AWS's API quotas (RDS: 12
// requests/s per account and region; GetMetricData: 50/s), so that a large fleet spreads its calls out
// instead of being throttled, and leaves room for the account's other tools. Holds up to one second of
// requests as a burst. Every attempt, retries included, takes a token.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(double requests_per_second);

  // Blocks until a request may go, and returns true then; returns false, at once, when `stop` is requested
  // before (the reservation it held is given back). Nothing else wakes a waiting caller.
  bool acquire(std::stop_token stop = {});

  // Takes a token at `now` and says how long the caller must wait before using it. Waiting callers hold
  // reservations in order, so none of them starves.
  Clock::duration reserve(Clock::time_point now);

  // Gives back a token taken by reserve() whose request was not sent.
  void cancel_reservation();

 private:
  const double rate_;
  const double burst_;
  std::mutex mutex_;
  double tokens_;
  Clock::time_point last_refill_;
  bool started_ = false;
};

}  // namespace rds_exporter::aws
