#include "aws/retry/adaptive_rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace rds_exporter::aws {
namespace {

// CubicCalculator._calculate_zero_point: when the curve is back at the rate of the last throttling answer.
double zero_point(double last_max_rate) {
  return std::cbrt(last_max_rate * (1 - AdaptiveRateLimiter::kBeta) / AdaptiveRateLimiter::kScaleConstant);
}

}  // namespace

double AdaptiveRateLimiter::steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

AdaptiveRateLimiter::AdaptiveRateLimiter(Clock clock) : clock_(std::move(clock)) {
  const double now = clock_();
  last_time_bucket_ = std::floor(now);
  last_throttle_ = now;
  // botocore starts the bucket at max_rate 1 and the curve at a maximum of 0.
  set_fill_rate(1, now);
}

bool AdaptiveRateLimiter::acquire(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (!enabled_) return true;
    refill(clock_());
    if (capacity_ >= 1) {
      capacity_ -= 1;
      return true;
    }
    const std::chrono::duration<double> wait((1 - capacity_) / fill_rate_);
    const std::uint64_t generation = rate_generation_;
    // Woken early by a new rate (as botocore's condition variable is) or by the stop request.
    rate_changed_.wait_for(lock, stop, wait, [&] { return rate_generation_ != generation; });
  }
  return false;
}

void AdaptiveRateLimiter::record_response(bool throttled) {
  const std::lock_guard lock(mutex_);
  const double now = clock_();
  const double measured = measure_sending_rate(now);
  double new_rate = 0;
  if (!throttled) {
    // CubicCalculator.success_received.
    const double since = now - last_throttle_ - zero_point_;
    new_rate = kScaleConstant * since * since * since + last_max_rate_;
  } else {
    // CubicCalculator.error_received, with the rate we were sending at.
    last_max_rate_ = enabled_ ? std::min(measured, fill_rate_) : measured;
    zero_point_ = zero_point(last_max_rate_);
    last_throttle_ = now;
    new_rate = last_max_rate_ * kBeta;
    enabled_ = true;
  }
  set_fill_rate(std::min(new_rate, kMaxRateAdjustScale * measured), now);
}

bool AdaptiveRateLimiter::enabled() const {
  const std::lock_guard lock(mutex_);
  return enabled_;
}

double AdaptiveRateLimiter::fill_rate() const {
  const std::lock_guard lock(mutex_);
  return fill_rate_;
}

double AdaptiveRateLimiter::measured_rate() const {
  const std::lock_guard lock(mutex_);
  return measured_rate_;
}

void AdaptiveRateLimiter::refill(double now) {
  if (!refilled_) {
    refilled_ = true;
    last_refill_ = now;
    return;
  }
  capacity_ = std::min(max_capacity_, capacity_ + (now - last_refill_) * fill_rate_);
  last_refill_ = now;
}

// TokenBucket.max_rate's setter: tokens earned at the old rate are kept, the bucket holds one second's worth
// (at least one token).
void AdaptiveRateLimiter::set_fill_rate(double rate, double now) {
  refill(now);
  fill_rate_ = std::max(rate, kMinFillRate);
  max_capacity_ = std::max(rate, 1.0);
  capacity_ = std::min(capacity_, max_capacity_);
  ++rate_generation_;
  rate_changed_.notify_all();
}

// RateClocker.record: requests per second over the half seconds since the last measurement, smoothed.
double AdaptiveRateLimiter::measure_sending_rate(double now) {
  const double scale = 1 / kTimeBucketSeconds;
  const double bucket = std::floor(now * scale) / scale;
  requests_in_bucket_ += 1;
  if (bucket > last_time_bucket_) {
    const double current = requests_in_bucket_ / (bucket - last_time_bucket_);
    measured_rate_ = current * kSmoothing + measured_rate_ * (1 - kSmoothing);
    requests_in_bucket_ = 0;
    last_time_bucket_ = bucket;
  }
  return measured_rate_;
}

}  // namespace rds_exporter::aws
