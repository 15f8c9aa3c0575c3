#include "telemetry/metric_families.h"

#include "exposition/text_format.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::telemetry {
namespace {

HistogramFamily durations() {
  return HistogramFamily("rds_exporter_aws_request_duration_seconds", "AWS API call latency.", {"service"},
                         {0.1, 0.5, 1, 2.5});
}

std::optional<std::string> label(const exposition::Sample& sample, const std::string& name) {
  for (const auto& entry : sample.labels) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

// The _bucket samples of one series as (le, cumulative count), in the order they are written.
std::vector<std::pair<std::string, double>> buckets(const exposition::MetricFamily& family,
                                                    const std::string& service) {
  std::vector<std::pair<std::string, double>> result;
  for (const auto& sample : family.samples) {
    if (sample.name_suffix == "_bucket" && label(sample, "service") == service) {
      result.emplace_back(label(sample, "le").value_or("<no le>"), sample.value);
    }
  }
  return result;
}

std::optional<double> series_value(const exposition::MetricFamily& family, std::string_view suffix,
                                   const std::string& service) {
  for (const auto& sample : family.samples) {
    if (sample.name_suffix == suffix && label(sample, "service") == service) return sample.value;
  }
  return std::nullopt;
}

using Buckets = std::vector<std::pair<std::string, double>>;

TEST(HistogramFamily, BucketsAreCumulativeAndEndWithInf) {
  auto histogram = durations();
  for (const double value : {0.05, 0.3, 0.4, 0.7, 2.0, 10.0, 30.0}) histogram.observe({"rds"}, value);

  const auto family = histogram.collect();
  EXPECT_EQ(family.type, exposition::MetricType::histogram);
  EXPECT_EQ(buckets(family, "rds"), (Buckets{{"0.1", 1}, {"0.5", 3}, {"1", 4}, {"2.5", 5}, {"+Inf", 7}}));
  EXPECT_EQ(series_value(family, "_count", "rds"), 7);
  EXPECT_DOUBLE_EQ(series_value(family, "_sum", "rds").value_or(-1), 43.45);
}

TEST(HistogramFamily, AValueEqualToABoundFallsInThatBucket) {
  auto histogram = durations();
  histogram.observe({"rds"}, 0.5);
  histogram.observe({"rds"}, 1);

  EXPECT_EQ(buckets(histogram.collect(), "rds"), (Buckets{{"0.1", 0}, {"0.5", 1}, {"1", 2}, {"2.5", 2}, {"+Inf", 2}}));
}

TEST(HistogramFamily, KeepsOneSeriesPerLabelSet) {
  auto histogram = durations();
  histogram.observe({"rds"}, 0.2);
  histogram.observe({"monitoring"}, 3);
  histogram.observe({"monitoring"}, 0.01);

  EXPECT_EQ(histogram.count({"rds"}), 1u);
  EXPECT_EQ(histogram.count({"monitoring"}), 2u);
  EXPECT_EQ(histogram.count({"sts"}), 0u);
  const auto family = histogram.collect();
  EXPECT_EQ(buckets(family, "monitoring"), (Buckets{{"0.1", 1}, {"0.5", 1}, {"1", 1}, {"2.5", 1}, {"+Inf", 2}}));
  EXPECT_EQ(buckets(family, "rds"), (Buckets{{"0.1", 0}, {"0.5", 1}, {"1", 1}, {"2.5", 1}, {"+Inf", 1}}));
}

TEST(HistogramFamily, WritesTheSeriesPrometheusExpects) {
  HistogramFamily histogram("rds_exporter_aws_request_duration_seconds", "AWS API call latency.", {"service"},
                            {0.005, 1});
  histogram.observe({"rds"}, 0.25);
  histogram.observe({"rds"}, 4);

  const std::vector<exposition::MetricFamily> families{histogram.collect()};
  EXPECT_EQ(exposition::to_text(families),
            "# HELP rds_exporter_aws_request_duration_seconds AWS API call latency.\n"
            "# TYPE rds_exporter_aws_request_duration_seconds histogram\n"
            "rds_exporter_aws_request_duration_seconds_bucket{service=\"rds\",le=\"0.005\"} 0\n"
            "rds_exporter_aws_request_duration_seconds_bucket{service=\"rds\",le=\"1\"} 1\n"
            "rds_exporter_aws_request_duration_seconds_bucket{service=\"rds\",le=\"+Inf\"} 2\n"
            "rds_exporter_aws_request_duration_seconds_sum{service=\"rds\"} 4.25\n"
            "rds_exporter_aws_request_duration_seconds_count{service=\"rds\"} 2\n");
}

TEST(HistogramFamily, HasNoSamplesBeforeTheFirstObservation) {
  const auto histogram = durations();
  EXPECT_TRUE(histogram.collect().samples.empty());
}

TEST(HistogramFamily, ObservationsFromEightThreadsAreAllCounted) {
  constexpr int kThreads = 8;
  constexpr int kObservationsPerThread = 5000;
  auto histogram = durations();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&histogram] {
      for (int i = 0; i < kObservationsPerThread; ++i) histogram.observe({"rds"}, i % 2 == 0 ? 0.0625 : 4.0);
    });
  }
  for (auto& thread : threads) thread.join();

  constexpr double kTotal = kThreads * kObservationsPerThread;
  EXPECT_EQ(histogram.count({"rds"}), static_cast<std::uint64_t>(kTotal));
  const auto family = histogram.collect();
  EXPECT_EQ(
      buckets(family, "rds"),
      (Buckets{{"0.1", kTotal / 2}, {"0.5", kTotal / 2}, {"1", kTotal / 2}, {"2.5", kTotal / 2}, {"+Inf", kTotal}}));
  // Binary fractions keep the sum exact whatever order the threads add in.
  EXPECT_EQ(series_value(family, "_sum", "rds"), kTotal / 2 * 4.0625);
}

}  // namespace
}  // namespace rds_exporter::telemetry
