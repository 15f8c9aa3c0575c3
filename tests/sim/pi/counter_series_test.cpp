#include "sim/pi/counter_series.h"

#include "pi_fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace rds_exporter::sim::pi {
namespace {

using cloudwatch::EngineFamily;
using cloudwatch::Statistic;
using testing::test_now;
using Kind = Statistic::Kind;

class SimPiCounterSeries : public ::testing::Test {
 protected:
  const DbInstance& instance(std::string_view id) const { return *fleet_.find_instance(id); }
  CounterSeries series(std::string_view id, std::string_view counter, EngineFamily family) const {
    return CounterSeries(instance(id), *find_counter(counter, family));
  }
  // The sample CloudWatch's value machinery draws for the series (DbiResourceId, counter) in `range`.
  static double documented_sample(std::string_view resource_id, std::string_view counter, cloudwatch::ValueRange range,
                                  std::int64_t start) {
    const cloudwatch::MetricDefinition definition{
        counter, "", cloudwatch::MetricScope::kInstance, 0, cloudwatch::kNoRequirement, "", range, 60};
    return cloudwatch::SeriesShape(resource_id, definition).sample(start);
  }

  Fleet fleet_ = testing::test_fleet();
  std::int64_t now_ = test_now();
  std::int64_t hour_ago_ = test_now() - 3600;
};

TEST_F(SimPiCounterSeries, SamplesAreCloudWatchsKeyedOnTheResourceIdAndTheCounter) {
  const CounterSeries questions = series("shop-mysql", "db.SQL.Questions", EngineFamily::kMySql);
  const CounterSeries threads = series("shop-mysql", "db.Users.Threads_running", EngineFamily::kMySql);
  for (std::int64_t start = hour_ago_; start < hour_ago_ + 600; start += 60) {
    EXPECT_DOUBLE_EQ(*questions.value({Kind::kAverage}, start, 60, now_),
                     documented_sample("db-SHOPMYSQL", "db.SQL.Questions", {0, 5000, false}, start));
    const double running = *threads.value({Kind::kMaximum}, start, 60, now_);
    EXPECT_DOUBLE_EQ(running, documented_sample("db-SHOPMYSQL", "db.Users.Threads_running", {0, 50, true}, start));
    EXPECT_EQ(running, static_cast<double>(static_cast<int>(running))) << "threads are whole numbers";
  }
}

TEST_F(SimPiCounterSeries, PeriodStatisticsAreThoseOfTheMinuteSamples) {
  const CounterSeries hits = series("payments-pg", "db.Cache.blks_hit", EngineFamily::kPostgres);
  double samples[5];
  for (int i = 0; i < 5; ++i) samples[i] = *hits.value({Kind::kAverage}, hour_ago_ + 60 * i, 60, now_);
  const double sum = samples[0] + samples[1] + samples[2] + samples[3] + samples[4];
  EXPECT_DOUBLE_EQ(*hits.value({Kind::kSum}, hour_ago_, 300, now_), sum);
  EXPECT_DOUBLE_EQ(*hits.value({Kind::kAverage}, hour_ago_, 300, now_), sum / 5);
  EXPECT_DOUBLE_EQ(*hits.value({Kind::kMinimum}, hour_ago_, 300, now_), *std::min_element(samples, samples + 5));
  EXPECT_DOUBLE_EQ(*hits.value({Kind::kMaximum}, hour_ago_, 300, now_), *std::max_element(samples, samples + 5));
  EXPECT_EQ(*hits.value({Kind::kSampleCount}, hour_ago_, 300, now_), 5);
  EXPECT_EQ(hits.value({Kind::kSampleCount}, hour_ago_, 1, now_), 1) << "a one-second period holding a sample";
  EXPECT_FALSE(hits.value({Kind::kSampleCount}, hour_ago_ + 30, 1, now_).has_value())
      << "a one-second period between two samples holds none";
}

TEST_F(SimPiCounterSeries, APeriodHasAValueOnlyOnceItEndedAMinuteAgo) {
  const CounterSeries hits = series("payments-pg", "db.Cache.blks_hit", EngineFamily::kPostgres);
  EXPECT_TRUE(hits.value({Kind::kAverage}, now_ - 120, 60, now_).has_value()) << "ended 60 s ago";
  EXPECT_FALSE(hits.value({Kind::kAverage}, now_ - 119, 60, now_).has_value()) << "ended 59 s ago";
  EXPECT_FALSE(hits.value({Kind::kAverage}, now_ - 60, 60, now_).has_value());
  EXPECT_FALSE(hits.value({Kind::kAverage}, now_ - 300, 300, now_).has_value()) << "ends now";
  EXPECT_TRUE(hits.value({Kind::kAverage}, now_ - 360, 300, now_).has_value());
}

TEST_F(SimPiCounterSeries, HoldsNothingBeforeCreationWhileStoppedOrPastRetention) {
  const CounterSeries fresh = series("fresh-pg", "db.Cache.blks_hit", EngineFamily::kPostgres);
  const std::int64_t created = now_ - 1800;
  EXPECT_FALSE(fresh.value({Kind::kAverage}, created - 60, 60, now_).has_value());
  EXPECT_TRUE(fresh.value({Kind::kAverage}, created, 60, now_).has_value());
  EXPECT_EQ(fresh.value({Kind::kSampleCount}, created - 1860, 3600, now_), 29) << "the samples since creation";

  const CounterSeries stopped = series("archive-pg", "db.Cache.blks_hit", EngineFamily::kPostgres);
  EXPECT_FALSE(stopped.value({Kind::kAverage}, hour_ago_, 60, now_).has_value());

  const CounterSeries hits = series("payments-pg", "db.Cache.blks_hit", EngineFamily::kPostgres);
  EXPECT_TRUE(hits.value({Kind::kAverage}, now_ - kRetentionSeconds, 60, now_).has_value());
  EXPECT_FALSE(hits.value({Kind::kAverage}, now_ - kRetentionSeconds - 60, 60, now_).has_value());
}

}  // namespace
}  // namespace rds_exporter::sim::pi
