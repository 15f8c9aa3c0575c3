#include "aws/retry/clock_skew.h"

#include "common/time_text.h"

#include <gtest/gtest.h>

#include <chrono>

namespace rds_exporter::aws {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using SystemClock = ClockSkew::SystemClock;

// Wed, 25 Nov 2026 01:42:41 GMT
const SystemClock::time_point kServerTime =
    sys_days(std::chrono::year(2026) / std::chrono::November / 25) + 1h + 42min + 41s;
constexpr char kServerDate[] = "Wed, 25 Nov 2026 01:42:41 GMT";

TEST(ClockSkew, StartsWithoutCorrection) {
  const ClockSkew skew;
  EXPECT_EQ(skew.offset(), 0ms);
  EXPECT_EQ(skew.corrected(kServerTime), kServerTime);
}

TEST(ClockSkew, IgnoresAnOffsetUnderFiveMinutes) {
  ClockSkew skew;
  EXPECT_FALSE(skew.observe_server_date(kServerDate, kServerTime));
  EXPECT_FALSE(skew.observe_server_date(kServerDate, kServerTime - 2min));
  EXPECT_FALSE(skew.observe_server_date(kServerDate, kServerTime + 4min + 59s));
  EXPECT_EQ(skew.offset(), 0ms);
}

TEST(ClockSkew, LearnsATwentyMinuteSkew) {
  ClockSkew skew;
  const auto local = kServerTime - 20min;
  EXPECT_TRUE(skew.observe_server_date(kServerDate, local));
  EXPECT_EQ(skew.offset(), 20min);
  EXPECT_EQ(skew.corrected(local), kServerTime);
}

TEST(ClockSkew, LearnsALocalClockThatRunsAhead) {
  ClockSkew skew;
  const auto local = kServerTime + 30min + 250ms;
  EXPECT_TRUE(skew.observe_server_date(kServerDate, local));
  EXPECT_EQ(skew.offset(), -(30min + 250ms));
  EXPECT_EQ(skew.corrected(local), kServerTime);
}

TEST(ClockSkew, ReportsAChangeOnlyWhenTheEstimateMoved) {
  ClockSkew skew;
  ASSERT_TRUE(skew.observe_server_date(kServerDate, kServerTime - 20min));
  // The next answers agree with the corrected clock: nothing to learn, nothing worth retrying.
  EXPECT_FALSE(skew.observe_server_date(kServerDate, kServerTime - 20min));
  EXPECT_FALSE(skew.observe_server_date(kServerDate, kServerTime - 22min));
  EXPECT_EQ(skew.offset(), 20min);
  // Someone fixed the host's clock: the correction is dropped again.
  EXPECT_TRUE(skew.observe_server_date(kServerDate, kServerTime));
  EXPECT_EQ(skew.offset(), 0ms);
}

TEST(ClockSkew, AnUnreadableDateChangesNothing) {
  ClockSkew skew;
  ASSERT_TRUE(skew.observe_server_date(kServerDate, kServerTime - 20min));
  EXPECT_FALSE(skew.observe_server_date("yesterday", kServerTime));
  EXPECT_FALSE(skew.observe_server_date("", kServerTime));
  EXPECT_EQ(skew.offset(), 20min);
}

TEST(ClockSkew, NowIsTheLocalClockCorrectedByTheLearnedOffset) {
  ClockSkew skew;
  const auto local = SystemClock::now();
  ASSERT_TRUE(skew.observe_server_date(common::format_http_date(local + 20min), local));
  EXPECT_GT(skew.offset(), 19min);
  EXPECT_LE(skew.offset(), 20min);
  // Generous: only the direction and size of the correction matter, not how long the test took.
  const auto ahead = skew.now() - SystemClock::now();
  EXPECT_GT(ahead, 19min);
  EXPECT_LT(ahead, 21min);
}

// Found by fuzz_timestamp_text: a Date of 2215 learnt against a clock at 1970 made now() overflow the clock's
// nanoseconds.
TEST(ClockSkew, ADateMoreThanACenturyAwayIsNotBelieved) {
  ClockSkew skew;
  EXPECT_FALSE(skew.observe_server_date("Sat, 01 Jan 2215 00:00:00 GMT", SystemClock::time_point{}));
  EXPECT_FALSE(skew.observe_server_date("Fri, 11 Apr 2262 00:00:00 GMT", kServerTime));
  EXPECT_EQ(skew.offset(), 0ms);
}

TEST(ClockSkew, TheCorrectedTimeStopsAtTheEndOfTheClock) {
  using namespace std::chrono;
  ClockSkew skew;
  ASSERT_TRUE(skew.observe_server_date("Tue, 01 Jan 2250 00:00:00 GMT", sys_days{year{2160} / 1 / 1}));
  EXPECT_EQ(skew.corrected(sys_days{year{2200} / 1 / 1}), SystemClock::time_point::max());
  ASSERT_TRUE(skew.observe_server_date("Fri, 01 Jan 1700 00:00:00 GMT", sys_days{year{1790} / 1 / 1}));
  EXPECT_EQ(skew.corrected(sys_days{year{1690} / 1 / 1}), SystemClock::time_point::min());
}

}  // namespace
}  // namespace rds_exporter::aws
