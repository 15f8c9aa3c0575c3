#include "collection/collection_window.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace rds_exporter::collection {
namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;

// 2024-05-01 12:00:00 UTC.
constexpr std::chrono::sys_seconds kNoon{seconds(1714564800)};

std::chrono::sys_seconds at(std::chrono::seconds after_noon) { return kNoon + after_noon; }

TEST(CollectionWindowTest, OneMinutePeriodEndsAtTheLastWholeMinuteBeforeTheDelay) {
  const auto window = collection_window(at(3min + 27s), 60s, 60s);
  EXPECT_EQ(window.end, at(2min));
  EXPECT_EQ(window.start, at(2min - 15min));
}

TEST(CollectionWindowTest, FiveMinutePeriodEndsAtTheLastWholeFiveMinutes) {
  const auto window = collection_window(at(3min + 27s), 300s, 60s);
  EXPECT_EQ(window.end, at(0s));
  EXPECT_EQ(window.start, at(-15min));
}

TEST(CollectionWindowTest, AnEndOnAPeriodBoundaryStays) {
  EXPECT_EQ(collection_window(at(5min), 60s, 0s).end, at(5min));
  EXPECT_EQ(collection_window(at(6min), 60s, 60s).end, at(5min));
}

TEST(CollectionWindowTest, SubSecondTimesRoundDown) {
  const auto window = collection_window(at(5min) + 999ms, 60s, 0s);
  EXPECT_EQ(window.end, at(5min));
  EXPECT_EQ(collection_window(at(5min) - 1ms, 60s, 0s).end, at(4min));
}

TEST(CollectionWindowTest, LongPeriodsReachBackThreePeriods) {
  const auto window = collection_window(at(47min), 600s, 60s);
  EXPECT_EQ(window.end, at(40min));
  EXPECT_EQ(window.start, at(10min));
}

TEST(CollectionWindowTest, FifteenMinutesIsRoundedUpToWholePeriods) {
  // 15 minutes is 7.5 two-minute periods: the window takes 8.
  const auto window = collection_window(at(10min), 120s, 0s);
  EXPECT_EQ(window.end, at(10min));
  EXPECT_EQ(window.start, at(10min - 16min));
}

TEST(CollectionWindowTest, EveryWindowIsAlignedAndCoversFifteenMinutesAndThreePeriods) {
  for (const seconds period : {60s, 120s, 180s, 300s, 420s, 600s, 900s, 3600s}) {
    for (const seconds delay : {0s, 30s, 60s, 150s, 600s}) {
      for (const auto offset : {0s, 1s, 59s, 61s, 299s, 3599s, 86399s}) {
        const auto now = at(offset);
        const auto window = collection_window(now, period, delay);
        const auto span = window.end - window.start;
        SCOPED_TRACE(::testing::Message()
                     << "period " << period.count() << " delay " << delay.count() << " offset " << offset.count());
        EXPECT_EQ(window.end.time_since_epoch() % period, 0s);
        EXPECT_EQ(window.start.time_since_epoch() % period, 0s);
        EXPECT_LE(window.end, now - delay);
        EXPECT_GT(window.end, now - delay - period);
        EXPECT_GE(span, 15min);
        EXPECT_GE(span, 3 * period);
        EXPECT_LT(span, std::max<seconds>(15min, 3 * period) + period);
      }
    }
  }
}

TEST(CollectionWindowTest, RejectsAPeriodThatIsNotPositive) {
  EXPECT_THROW(collection_window(at(0s), 0s, 60s), std::invalid_argument);
  EXPECT_THROW(collection_window(at(0s), -60s, 60s), std::invalid_argument);
}

}  // namespace
}  // namespace rds_exporter::collection
