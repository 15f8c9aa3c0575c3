#include "aws/retry/rate_limiter.h"

#include "aws/retry/interruptible_sleep.h"

#include <algorithm>
#include <stdexcept>

namespace rds_exporter::aws {

RateLimiter::RateLimiter(double requests_per_second)
    : rate_(requests_per_second), burst_(std::max(1.0, requests_per_second)), tokens_(burst_) {
  if (!(requests_per_second > 0)) throw std::invalid_argument("a rate limit needs a positive rate; 0 means no limiter");
}

bool RateLimiter::acquire(std::stop_token stop) {
  if (stop.stop_requested()) return false;
  const auto wait = reserve(Clock::now());
  if (sleep_unless_stopped(wait, stop)) return true;
  cancel_reservation();
  return false;
}

void RateLimiter::cancel_reservation() {
  const std::lock_guard lock(mutex_);
  tokens_ = std::min(burst_, tokens_ + 1);
}

RateLimiter::Clock::duration RateLimiter::reserve(Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  if (!started_) {
    last_refill_ = now;
    started_ = true;
  }
  if (now > last_refill_) {
    const double elapsed = std::chrono::duration<double>(now - last_refill_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_refill_ = now;
  }
  tokens_ -= 1;
  if (tokens_ >= 0) return Clock::duration::zero();
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(-tokens_ / rate_));
}

}  // namespace rds_exporter::aws
