#include "sim/cloudwatch/datapoint_times.h"

#include "cloudwatch_fixtures.h"

#include <gtest/gtest.h>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::test_now;

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

class DatapointTimesTest : public ::testing::Test {
 protected:
  MetricSeries series(std::string_view metric, std::string instance) {
    const Dimension dimensions[] = {{"DBInstanceIdentifier", std::move(instance)}};
    return *find_series(fleet_, "AWS/RDS", metric, dimensions);
  }

  std::vector<std::int64_t> times(std::string_view metric, std::string instance, std::int64_t start, std::int64_t end,
                                  std::int64_t period) {
    const DatapointTimes datapoints(series(metric, std::move(instance)), {start, end, period}, now_);
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < datapoints.size(); ++i) out.push_back(datapoints.at(i));
    return out;
  }

  Fleet fleet_ = testing::test_fleet();
  std::int64_t now_ = test_now();
};

TEST(CloudWatchWindow, StartTimeIsRoundedByItsAge) {
  const std::int64_t now = test_now();
  const std::int64_t odd = 37 * 60 + 34;  // hh:37:34
  EXPECT_EQ(rounded_start(now - kHour + odd, 60, now), now - kHour + 37 * 60);
  EXPECT_EQ(rounded_start(now - 20 * kDay + odd, 300, now), now - 20 * kDay + 35 * 60);
  EXPECT_EQ(rounded_start(now - 70 * kDay + odd, 3600, now), now - 70 * kDay);
  EXPECT_EQ(rounded_start(now - 600 + 23, 10, now), now - 600 + 20);
}

TEST(CloudWatchWindow, OlderWindowsNeedCoarserPeriods) {
  const std::int64_t now = test_now();
  EXPECT_TRUE(period_has_data(now - 2 * kHour, 10, now));
  EXPECT_FALSE(period_has_data(now - 4 * kHour, 10, now));
  EXPECT_TRUE(period_has_data(now - 14 * kDay, 60, now));
  EXPECT_FALSE(period_has_data(now - 16 * kDay, 60, now));
  EXPECT_TRUE(period_has_data(now - 16 * kDay, 300, now));
  EXPECT_FALSE(period_has_data(now - 64 * kDay, 300, now));
  EXPECT_TRUE(period_has_data(now - 64 * kDay, 3600, now));
}

TEST_F(DatapointTimesTest, OneDatapointPerPeriodFromTheRoundedStart) {
  const std::int64_t start = now_ - 2 * kHour;
  const auto result = times("CPUUtilization", "pg-prod-1", start + 30, start + kHour, 60);
  ASSERT_EQ(result.size(), 60u);
  EXPECT_EQ(result.front(), start);
  EXPECT_EQ(result.back(), start + kHour - 60);
  // Buckets count from the start, not from the epoch: a 300 s period starting at hh:01 gives hh:01, hh:06, ...
  const auto shifted = times("CPUUtilization", "pg-prod-1", start + 60, start + kHour, 300);
  ASSERT_EQ(shifted.size(), 12u);
  EXPECT_EQ(shifted[1], start + 360);
}

TEST_F(DatapointTimesTest, TheNewestDatapointIsTheLastPublishedSample) {
  const auto result = times("CPUUtilization", "pg-prod-1", now_ - 600, now_ + kHour, 60);
  ASSERT_EQ(result.size(), 9u);
  EXPECT_EQ(result.back(), now_ - 120);
  // A period still open is there as soon as one of its samples is.
  const auto five = times("CPUUtilization", "pg-prod-1", now_ - 900, now_ + kHour, 300);
  ASSERT_EQ(five.size(), 3u);
  EXPECT_EQ(five.back(), now_ - 300);
}

TEST_F(DatapointTimesTest, FiveMinuteMetricsLeaveGapsAtShorterPeriods) {
  const std::int64_t start = now_ - 2 * kHour;
  const auto result = times("CPUCreditBalance", "pg-replica-1", start, start + kHour, 60);
  ASSERT_EQ(result.size(), 12u);
  for (std::size_t i = 0; i < result.size(); ++i) EXPECT_EQ(result[i], start + 300 * static_cast<int>(i));
  EXPECT_EQ(times("CPUCreditBalance", "pg-replica-1", start + 60, start + 240, 60).size(), 0u);
}

TEST_F(DatapointTimesTest, NothingOutsideWhatWasPublished) {
  EXPECT_TRUE(times("CPUUtilization", "pg-prod-1", now_ + 60, now_ + kHour, 60).empty());
  EXPECT_TRUE(times("CPUUtilization", "mysql-stopped", now_ - kHour, now_, 60).empty());
  EXPECT_TRUE(times("CPUUtilization", "pg-prod-1", now_ - 20 * kDay, now_ - 19 * kDay, 60).empty());
  EXPECT_EQ(times("CPUUtilization", "pg-prod-1", now_ - 20 * kDay, now_ - 19 * kDay, 300).size(), 288u);
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
