#include "aws/retry/adaptive_rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <future>
#include <memory>
#include <stop_token>

namespace rds_exporter::aws {
namespace {

// A clock the test moves by hand, in seconds.
struct ManualClock {
  std::shared_ptr<double> now = std::make_shared<double>(100.0);
  AdaptiveRateLimiter::Clock clock() const {
    return [now = now] { return *now; };
  }
};

TEST(AdaptiveRateLimiter, StaysOutOfTheWayUntilTheFirstThrottlingAnswer) {
  ManualClock time;
  AdaptiveRateLimiter limiter(time.clock());
  for (int request = 0; request < 100; ++request) {
    ASSERT_TRUE(limiter.acquire());
    limiter.record_response(false);
  }
  EXPECT_FALSE(limiter.enabled());
}

// The figures below are botocore's formulas worked by hand (adaptive.py, throttling.py, bucket.py).
TEST(AdaptiveRateLimiter, AThrottlingAnswerCutsTheRateTo70PercentOfTheMeasuredOne) {
  ManualClock time;
  AdaptiveRateLimiter limiter(time.clock());
  // One answer in the half second after 100.0: measured 1 / 0.5 s × 0.8 = 1.6/s. Success on a curve that has
  // no maximum yet: 0.4 × 0.5³ = 0.05, floored at the minimum fill rate.
  *time.now = 100.5;
  limiter.record_response(false);
  EXPECT_NEAR(limiter.measured_rate(), 1.6, 1e-9);
  EXPECT_NEAR(limiter.fill_rate(), AdaptiveRateLimiter::kMinFillRate, 1e-9);
  // Throttled in the next half second: measured 2 × 0.8 + 1.6 × 0.2 = 1.92/s, the new rate 1.92 × 0.7.
  *time.now = 101.0;
  limiter.record_response(true);
  EXPECT_TRUE(limiter.enabled());
  EXPECT_NEAR(limiter.measured_rate(), 1.92, 1e-9);
  EXPECT_NEAR(limiter.fill_rate(), 1.92 * 0.7, 1e-9);
}

TEST(AdaptiveRateLimiter, TheRateGrowsBackAlongTheCubicCurveToWhereItWasThrottled) {
  ManualClock time;
  AdaptiveRateLimiter limiter(time.clock());
  *time.now = 100.5;
  limiter.record_response(false);
  *time.now = 101.0;
  limiter.record_response(true);  // the curve's maximum: 1.92/s
  // K = ∛(1.92 × 0.3 / 0.4) seconds after the throttle the curve is back at 1.92; the measured rate then is
  // 1 / 1.0 s × 0.8 + 1.92 × 0.2 = 1.184, whose double (2.368) does not cap it.
  const double k = std::cbrt(1.92 * 0.3 / 0.4);
  *time.now = 101.0 + k;
  limiter.record_response(false);
  EXPECT_NEAR(limiter.measured_rate(), 1.184, 1e-9);
  EXPECT_NEAR(limiter.fill_rate(), 1.92, 1e-9);
  // Later the curve overshoots its old maximum, but never beyond twice the measured sending rate.
  *time.now = 101.0 + k + 10;
  limiter.record_response(false);
  EXPECT_NEAR(limiter.fill_rate(), 2 * limiter.measured_rate(), 1e-9);
}

TEST(AdaptiveRateLimiter, OnceThrottledEachRequestTakesAToken) {
  ManualClock time;
  AdaptiveRateLimiter limiter(time.clock());
  *time.now = 100.5;
  limiter.record_response(false);
  *time.now = 101.0;
  limiter.record_response(true);  // 1.344 tokens a second, a bucket of 1.344
  *time.now = 102.0;
  EXPECT_TRUE(limiter.acquire());  // 1.344 tokens earned in the second since
  std::stop_source stop;
  auto waiting = std::async(std::launch::async, [&] { return limiter.acquire(stop.get_token()); });
  // 0.344 tokens left and no time passes on the manual clock: the second request waits until stopped.
  const auto asked = std::chrono::steady_clock::now();
  stop.request_stop();
  EXPECT_FALSE(waiting.get());
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(3));
  *time.now = 103.0;
  EXPECT_TRUE(limiter.acquire());
}

TEST(AdaptiveRateLimiter, AStoppedTokenTakesNothing) {
  AdaptiveRateLimiter limiter;
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(limiter.acquire(stop.get_token()));
}

}  // namespace
}  // namespace rds_exporter::aws
