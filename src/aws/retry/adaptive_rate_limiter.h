#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>

namespace rds_exporter::aws {

// The client-side rate limiting of the AWS SDKs' adaptive retry mode, one per client as in the SDKs: a token
// bucket that stays out of the way until the service first throttles, then sends at a rate that drops to 70 % of
// the measured sending rate at each throttling answer and grows back along a CUBIC curve (as TCP CUBIC grows its
// congestion window) between them.
//
// The algorithm and its constants are botocore's (Apache-2.0), which the Java SDK v2 (RateLimitingTokenBucket)
// and the other SDKs share:
//   https://github.com/boto/botocore/blob/develop/botocore/retries/adaptive.py   (ClientRateLimiter, RateClocker)
//   https://github.com/boto/botocore/blob/develop/botocore/retries/throttling.py (CubicCalculator)
//   https://github.com/boto/botocore/blob/develop/botocore/retries/bucket.py     (TokenBucket)
// and AWS's description: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
class AdaptiveRateLimiter {
 public:
  // Seconds on a monotonic clock; injectable for tests.
  using Clock = std::function<double()>;

  // CubicCalculator: the curve's scale and the multiplicative decrease at a throttling answer.
  static constexpr double kScaleConstant = 0.4;
  static constexpr double kBeta = 0.7;
  // TokenBucket: the lowest fill rate, in requests per second.
  static constexpr double kMinFillRate = 0.5;
  // RateClocker: the sending rate is measured per half second and smoothed exponentially.
  static constexpr double kSmoothing = 0.8;
  static constexpr double kTimeBucketSeconds = 0.5;
  // ClientRateLimiter: the fill rate never exceeds twice the measured sending rate.
  static constexpr double kMaxRateAdjustScale = 2.0;

  explicit AdaptiveRateLimiter(Clock clock = steady_seconds);

  // Before each attempt: returns at once until the first throttling answer; then waits for a token. Returns false
  // when `stop` is requested first (or was already).
  bool acquire(std::stop_token stop = {});

  // After each attempt that got an answer or a network failure: `throttled` for a throttling answer.
  void record_response(bool throttled);

  // For tests and logs.
  bool enabled() const;
  double fill_rate() const;
  double measured_rate() const;

  static double steady_seconds();

 private:
  void refill(double now);
  void set_fill_rate(double rate, double now);
  double measure_sending_rate(double now);

  const Clock clock_;
  mutable std::mutex mutex_;
  std::condition_variable_any rate_changed_;
  std::uint64_t rate_generation_ = 0;
  bool enabled_ = false;
  // TokenBucket.
  double fill_rate_ = 0;
  double max_capacity_ = 1;
  double capacity_ = 0;
  bool refilled_ = false;
  double last_refill_ = 0;
  // RateClocker.
  double measured_rate_ = 0;
  double last_time_bucket_;
  double requests_in_bucket_ = 0;
  // CubicCalculator.
  double last_max_rate_ = 0;
  double zero_point_ = 0;
  double last_throttle_;
};

}  // namespace rds_exporter::aws
