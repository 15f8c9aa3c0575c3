#include "aws/retry/interruptible_sleep.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stop_token>

namespace rds_exporter::aws {
namespace {

using Clock = std::chrono::steady_clock;

TEST(SleepUnlessStopped, ReturnsFalseAtOnceWhenAlreadyStopped) {
  std::stop_source stop;
  stop.request_stop();
  const auto start = Clock::now();
  EXPECT_FALSE(sleep_unless_stopped(std::chrono::hours(1), stop.get_token()));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
}

TEST(SleepUnlessStopped, AStopRequestEndsALongSleep) {
  std::stop_source stop;
  auto sleeping = std::async(std::launch::async, [&] { return sleep_unless_stopped(std::chrono::hours(1), stop.get_token()); });
  const auto asked = Clock::now();
  stop.request_stop();
  EXPECT_FALSE(sleeping.get());
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(3));
}

TEST(SleepUnlessStopped, SleepsTheWholeDurationWithoutAStop) {
  const auto start = Clock::now();
  EXPECT_TRUE(sleep_unless_stopped(std::chrono::milliseconds(20), {}));
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(20));
  EXPECT_TRUE(sleep_unless_stopped(std::chrono::milliseconds(0), {}));
}

}  // namespace
}  // namespace rds_exporter::aws
