#include "aws/retry/rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stop_token>
#include <vector>

namespace rds_exporter::aws {
namespace {

using std::chrono::milliseconds;
using Clock = RateLimiter::Clock;

// Waits are computed in floating point; a nanosecond either way is not a behaviour.
double in_ms(Clock::duration wait) { return std::chrono::duration<double, std::milli>(wait).count(); }

const Clock::time_point kStart = Clock::time_point(std::chrono::hours(1000));

// Reserves at `now` until a reservation has to wait (that one stays taken) or `at_most` went through
// without waiting; returns how many did.
int free_reservations(RateLimiter& limiter, Clock::time_point now, int at_most) {
  int free = 0;
  while (free < at_most && limiter.reserve(now) == Clock::duration::zero()) ++free;
  return free;
}

TEST(RateLimiter, AllowsABurstOfOneSecondsRequestsThenSpacesThemOut) {
  RateLimiter limiter(10);
  for (int request = 1; request <= 10; ++request) {
    EXPECT_EQ(limiter.reserve(kStart), Clock::duration::zero()) << request;
  }
  EXPECT_NEAR(in_ms(limiter.reserve(kStart)), 100, 1e-3);
  EXPECT_NEAR(in_ms(limiter.reserve(kStart)), 200, 1e-3);
  EXPECT_NEAR(in_ms(limiter.reserve(kStart)), 300, 1e-3);
}

TEST(RateLimiter, WaitingCallersAreServedInTheOrderTheyCame) {
  RateLimiter limiter(4);
  for (int request = 0; request < 4; ++request) ASSERT_EQ(limiter.reserve(kStart), Clock::duration::zero());
  std::vector<Clock::time_point> ready_at;
  ready_at.push_back(kStart + limiter.reserve(kStart));
  ready_at.push_back(kStart + limiter.reserve(kStart));
  ready_at.push_back(kStart + limiter.reserve(kStart));
  // A latecomer queues behind the callers already waiting rather than overtaking them.
  const auto later = kStart + milliseconds(300);
  ready_at.push_back(later + limiter.reserve(later));

  EXPECT_NEAR(in_ms(ready_at[0] - kStart), 250, 1e-3);
  EXPECT_NEAR(in_ms(ready_at[1] - kStart), 500, 1e-3);
  EXPECT_NEAR(in_ms(ready_at[2] - kStart), 750, 1e-3);
  EXPECT_NEAR(in_ms(ready_at[3] - kStart), 1000, 1e-3);
}

TEST(RateLimiter, RefillsOverTime) {
  RateLimiter limiter(10);
  ASSERT_EQ(free_reservations(limiter, kStart, 10), 10);
  const auto later = kStart + milliseconds(250);
  EXPECT_EQ(limiter.reserve(later), Clock::duration::zero());
  EXPECT_EQ(limiter.reserve(later), Clock::duration::zero());
  EXPECT_NEAR(in_ms(limiter.reserve(later)), 50, 1e-3);
}

TEST(RateLimiter, AfterASecondIdleTheWholeBurstIsBack) {
  RateLimiter limiter(10);
  ASSERT_EQ(free_reservations(limiter, kStart, 10), 10);
  EXPECT_EQ(free_reservations(limiter, kStart + std::chrono::seconds(1), 100), 10);
}

TEST(RateLimiter, ALongIdleStillAllowsOnlyOneSecondsBurst) {
  RateLimiter limiter(5);
  ASSERT_EQ(free_reservations(limiter, kStart, 1), 1);
  EXPECT_EQ(free_reservations(limiter, kStart + std::chrono::hours(1), 100), 5);
}

TEST(RateLimiter, FractionalRateAllowsOneRequestThenWaitsTwoSecondsEach) {
  RateLimiter limiter(0.5);
  EXPECT_EQ(limiter.reserve(kStart), Clock::duration::zero());
  EXPECT_NEAR(in_ms(limiter.reserve(kStart)), 2000, 1e-3);
  EXPECT_NEAR(in_ms(limiter.reserve(kStart)), 4000, 1e-3);

  RateLimiter idle(0.5);
  ASSERT_EQ(idle.reserve(kStart), Clock::duration::zero());
  EXPECT_NEAR(in_ms(idle.reserve(kStart + milliseconds(500))), 1500, 1e-3);
  EXPECT_EQ(idle.reserve(kStart + std::chrono::seconds(10)), Clock::duration::zero());
}

TEST(RateLimiter, NonIntegerRateBurstsItsWholeTokens) {
  RateLimiter limiter(2.5);
  EXPECT_EQ(free_reservations(limiter, kStart, 100), 2);
  // The third request above took the half token left and waits for the other half: 0.5 / 2.5 s.
  RateLimiter again(2.5);
  ASSERT_EQ(free_reservations(again, kStart, 2), 2);
  EXPECT_NEAR(in_ms(again.reserve(kStart)), 200, 1e-3);
}

TEST(RateLimiter, AnEarlierTimePointAddsNoTokens) {
  RateLimiter limiter(10);
  ASSERT_EQ(free_reservations(limiter, kStart, 10), 10);
  // A caller that read the clock before another one took the lock arrives with an earlier time.
  EXPECT_NEAR(in_ms(limiter.reserve(kStart - milliseconds(500))), 100, 1e-3);
  EXPECT_NEAR(in_ms(limiter.reserve(kStart)), 200, 1e-3);
}

TEST(RateLimiter, AcquireReturnsAtOnceWithinTheBurst) {
  RateLimiter limiter(50);
  const auto start = Clock::now();
  for (int request = 0; request < 50; ++request) limiter.acquire();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(RateLimiter, AcquireWithAStoppedTokenTakesNothing) {
  RateLimiter limiter(1);
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(limiter.acquire(stop.get_token()));
  // The one token of the burst is still there.
  EXPECT_EQ(limiter.reserve(Clock::now()), Clock::duration::zero());
}

TEST(RateLimiter, AStopRequestEndsAWaitingAcquireAndGivesItsTokenBack) {
  RateLimiter limiter(0.001);  // one request per 1000 s
  ASSERT_TRUE(limiter.acquire());
  std::stop_source stop;
  auto waiting = std::async(std::launch::async, [&] { return limiter.acquire(stop.get_token()); });
  const auto asked = Clock::now();
  stop.request_stop();
  EXPECT_FALSE(waiting.get());
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(3));
  // The next caller waits for the token after the first, not behind the abandoned reservation: about 1000 s.
  EXPECT_LT(limiter.reserve(Clock::now()), std::chrono::seconds(1001));
}

}  // namespace
}  // namespace rds_exporter::aws
