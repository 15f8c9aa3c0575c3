#include "sim/cloudwatch/metric_values.h"

#include "cloudwatch_fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::at;
using testing::test_now;

// The formula of metric_values.h, written again from its comment.
namespace documented {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double u(std::uint64_t key, std::uint64_t k) { return static_cast<double>(mix(key + k) >> 11) / 9007199254740992.0; }

double sample(const std::string& source, const MetricDefinition& metric, std::int64_t s) {
  const std::uint64_t key = fnv1a(source + "/" + std::string(metric.name));
  const double level = 0.25 + 0.5 * u(key, 0);
  const double swing = 0.05 + 0.15 * u(key, 1);
  const double phase = u(key, 2);
  const std::int64_t r = metric.resolution_seconds;
  const double f = std::clamp(level + swing * std::sin(2 * std::numbers::pi * (s / 86400.0 + phase)) +
                                  0.1 * (u(key, static_cast<std::uint64_t>(3 + s / r)) - 0.5),
                              0.0, 1.0);
  const double value = metric.range.low + (metric.range.high - metric.range.low) * f;
  return metric.range.whole_numbers ? std::round(value) : value;
}

}  // namespace documented

class MetricValuesTest : public ::testing::Test {
 protected:
  MetricSeries series(std::string_view metric, std::string instance) {
    const Dimension dimensions[] = {{"DBInstanceIdentifier", std::move(instance)}};
    return *find_series(fleet_, "AWS/RDS", metric, dimensions);
  }

  std::optional<double> value(const MetricSeries& s, Statistic::Kind kind, std::int64_t start, std::int64_t period,
                              double percentile = 0) {
    return datapoint_value(s, Statistic{kind, percentile}, at(start), std::chrono::seconds(period), at(now_));
  }

  Fleet fleet_ = testing::test_fleet();
  std::int64_t now_ = test_now();
  std::int64_t hour_ago_ = test_now() - 3600;
};

TEST_F(MetricValuesTest, SamplesFollowTheDocumentedFormula) {
  for (const char* metric : {"CPUUtilization", "FreeableMemory", "DatabaseConnections", "ReadLatency"}) {
    const MetricSeries s = series(metric, "pg-prod-1");
    const SeriesShape shape(s.source_id, *s.metric);
    for (const std::int64_t t : {hour_ago_, hour_ago_ + 60, hour_ago_ - 86400 * 3 + 540, std::int64_t{0}}) {
      EXPECT_DOUBLE_EQ(shape.sample(t), documented::sample("pg-prod-1", *s.metric, t)) << metric << " at " << t;
    }
  }
  EXPECT_EQ(series_key("pg-prod-1", "CPUUtilization"), documented::fnv1a("pg-prod-1/CPUUtilization"));
}

TEST_F(MetricValuesTest, AOneMinuteDatapointIsItsSample) {
  const MetricSeries s = series("CPUUtilization", "pg-prod-1");
  const double expected = documented::sample("pg-prod-1", *s.metric, hour_ago_);
  for (const auto kind : {Statistic::Kind::kAverage, Statistic::Kind::kMinimum, Statistic::Kind::kMaximum,
                          Statistic::Kind::kSum, Statistic::Kind::kPercentile}) {
    EXPECT_DOUBLE_EQ(*value(s, kind, hour_ago_, 60, 99), expected);
  }
  EXPECT_EQ(*value(s, Statistic::Kind::kSampleCount, hour_ago_, 60), 1);
}

TEST_F(MetricValuesTest, AFiveMinuteDatapointAggregatesFiveSamples) {
  const MetricSeries s = series("CPUUtilization", "pg-prod-1");
  std::vector<double> samples;
  for (int i = 0; i < 5; ++i) samples.push_back(documented::sample("pg-prod-1", *s.metric, hour_ago_ + 60 * i));
  const double sum = std::accumulate(samples.begin(), samples.end(), 0.0);
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());

  EXPECT_EQ(*value(s, Statistic::Kind::kSampleCount, hour_ago_, 300), 5);
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kSum, hour_ago_, 300), sum);
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kAverage, hour_ago_, 300), sum / 5);
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kMinimum, hour_ago_, 300), sorted.front());
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kMaximum, hour_ago_, 300), sorted.back());
  // Nearest rank: ceil(p/100 * 5)-th smallest.
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kPercentile, hour_ago_, 300, 50), sorted[2]);
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kPercentile, hour_ago_, 300, 20), sorted[0]);
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kPercentile, hour_ago_, 300, 20.5), sorted[1]);
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kPercentile, hour_ago_, 300, 0), sorted.front());
  EXPECT_DOUBLE_EQ(*value(s, Statistic::Kind::kPercentile, hour_ago_, 300, 99.9), sorted.back());
  EXPECT_EQ(*value(s, Statistic::Kind::kSampleCount, hour_ago_ - 3600, 3600), 60);
  // The hour that ends now holds the 59 samples published so far.
  EXPECT_EQ(*value(s, Statistic::Kind::kSampleCount, hour_ago_, 3600), 59);
}

TEST_F(MetricValuesTest, StatisticsAreConsistentWithEachOther) {
  for (const char* metric : {"CPUUtilization", "WriteIOPS", "DatabaseConnections", "FreeStorageSpace"}) {
    const MetricSeries s = series(metric, "pg-prod-1");
    for (std::int64_t period : {60, 300, 3600}) {
      for (int k = 0; k < 24; ++k) {
        const std::int64_t start = now_ - 86400 + k * 3600 - 7200;
        const double count = *value(s, Statistic::Kind::kSampleCount, start, period);
        const double sum = *value(s, Statistic::Kind::kSum, start, period);
        const double average = *value(s, Statistic::Kind::kAverage, start, period);
        const double minimum = *value(s, Statistic::Kind::kMinimum, start, period);
        const double maximum = *value(s, Statistic::Kind::kMaximum, start, period);
        EXPECT_EQ(count, period / 60.0);
        EXPECT_LE(minimum, average);
        EXPECT_LE(average, maximum);
        EXPECT_NEAR(sum, average * count, 1e-9 * std::max(1.0, std::fabs(sum)));
        EXPECT_GE(minimum, s.metric->range.low);
        EXPECT_LE(maximum, s.metric->range.high);
        double previous = minimum;
        for (const double p : {0.0, 10.0, 50.0, 90.0, 99.0, 99.9, 100.0}) {
          const double percentile = *value(s, Statistic::Kind::kPercentile, start, period, p);
          EXPECT_GE(percentile, previous);
          EXPECT_LE(percentile, maximum);
          previous = percentile;
        }
      }
    }
  }
}

TEST_F(MetricValuesTest, ValuesAreDeterministicAndDifferBetweenSeries) {
  const MetricSeries a = series("CPUUtilization", "pg-prod-1");
  const MetricSeries b = series("CPUUtilization", "mysql-prod-1");
  EXPECT_EQ(value(a, Statistic::Kind::kAverage, hour_ago_, 300), value(a, Statistic::Kind::kAverage, hour_ago_, 300));
  EXPECT_NE(value(a, Statistic::Kind::kAverage, hour_ago_, 300), value(b, Statistic::Kind::kAverage, hour_ago_, 300));
}

TEST_F(MetricValuesTest, CountsAreWholeNumbers) {
  const MetricSeries s = series("DatabaseConnections", "pg-prod-1");
  const SeriesShape shape(s.source_id, *s.metric);
  for (int i = 0; i < 100; ++i) {
    const double sample = shape.sample(hour_ago_ + 60 * i);
    EXPECT_EQ(sample, std::round(sample));
  }
}

TEST_F(MetricValuesTest, TheNewestSampleIsPublishedAMinuteAfterItCloses) {
  const MetricSeries s = series("CPUUtilization", "pg-prod-1");
  // The sample of [now-120, now-60) closed at now-60 and was published at now.
  EXPECT_TRUE(value(s, Statistic::Kind::kAverage, now_ - 120, 60).has_value());
  EXPECT_FALSE(value(s, Statistic::Kind::kAverage, now_ - 60, 60).has_value());
  EXPECT_EQ(visible_samples(s, now_).last, now_ - 120);
  // A five-minute period still open holds the samples published so far.
  EXPECT_EQ(*value(s, Statistic::Kind::kSampleCount, now_ - 240, 300), 3);
}

TEST_F(MetricValuesTest, NoDataBeforeCreationWhileStoppedOrBeyondRetention) {
  MetricSeries s = series("CPUUtilization", "pg-prod-1");
  const std::int64_t created = hour_ago_;
  s.created = at(created);
  EXPECT_FALSE(value(s, Statistic::Kind::kAverage, created - 60, 60).has_value());
  EXPECT_EQ(*value(s, Statistic::Kind::kSampleCount, created - 120, 300), 3);
  EXPECT_FALSE(value(s, Statistic::Kind::kAverage, now_ - 456LL * 86400, 3600).has_value());
  EXPECT_FALSE(value(series("CPUUtilization", "mysql-stopped"), Statistic::Kind::kAverage, hour_ago_, 60));
}

TEST_F(MetricValuesTest, FiveMinuteMetricsPublishEveryFiveMinutes) {
  const MetricSeries s = series("CPUCreditBalance", "pg-replica-1");
  const std::int64_t aligned = hour_ago_ - hour_ago_ % 300;
  EXPECT_TRUE(value(s, Statistic::Kind::kAverage, aligned, 60).has_value());
  EXPECT_FALSE(value(s, Statistic::Kind::kAverage, aligned + 60, 60).has_value());
  EXPECT_EQ(*value(s, Statistic::Kind::kSampleCount, aligned - 3600, 3600), 12);
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
