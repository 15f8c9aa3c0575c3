#include "telemetry/metric_families.h"

#include "exposition/text_format.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rds_exporter::telemetry {
namespace {

CounterFamily requests() {
  return CounterFamily("rds_exporter_aws_requests_total", "AWS API calls.", {"service", "outcome"});
}

TEST(CounterFamily, CountsEachLabelSetSeparately) {
  auto counter = requests();
  counter.increment({"rds", "success"});
  counter.increment({"rds", "success"});
  counter.increment({"rds", "throttled"});
  counter.increment({"monitoring", "success"}, 5);

  EXPECT_EQ(counter.value({"rds", "success"}), 2);
  EXPECT_EQ(counter.value({"rds", "throttled"}), 1);
  EXPECT_EQ(counter.value({"monitoring", "success"}), 5);
}

TEST(CounterFamily, ReadsZeroForALabelSetNeverIncremented) {
  const auto counter = requests();
  EXPECT_EQ(counter.value({"sts", "success"}), 0);
}

TEST(CounterFamily, CollectsOneCounterSamplePerLabelSetWithLabelsInDeclaredOrder) {
  auto counter = requests();
  counter.increment({"rds", "success"}, 3);
  counter.increment({"monitoring", "error"});

  const exposition::MetricFamily family = counter.collect();
  EXPECT_EQ(family.name, "rds_exporter_aws_requests_total");
  EXPECT_EQ(family.help, "AWS API calls.");
  EXPECT_EQ(family.type, exposition::MetricType::counter);
  const std::vector<exposition::MetricFamily> families{family};
  EXPECT_EQ(exposition::to_text(families),
            "# HELP rds_exporter_aws_requests_total AWS API calls.\n"
            "# TYPE rds_exporter_aws_requests_total counter\n"
            "rds_exporter_aws_requests_total{service=\"monitoring\",outcome=\"error\"} 1\n"
            "rds_exporter_aws_requests_total{service=\"rds\",outcome=\"success\"} 3\n");
}

TEST(CounterFamily, WithoutLabelsHasOneUnlabelledSeries) {
  CounterFamily refreshes("rds_exporter_credential_refreshes_total", "Credential refreshes.", {});
  refreshes.increment({});
  refreshes.increment({});
  const std::vector<exposition::MetricFamily> families{refreshes.collect()};
  EXPECT_EQ(exposition::to_text(families),
            "# HELP rds_exporter_credential_refreshes_total Credential refreshes.\n"
            "# TYPE rds_exporter_credential_refreshes_total counter\n"
            "rds_exporter_credential_refreshes_total 2\n");
}

TEST(CounterFamily, IncrementsFromEightThreadsSumExactly) {
  constexpr int kThreads = 8;
  constexpr int kIncrementsPerThread = 20000;
  auto counter = requests();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&counter, t] {
      const LabelValues labels{t % 2 == 0 ? "rds" : "monitoring", "success"};
      for (int i = 0; i < kIncrementsPerThread; ++i) counter.increment(labels);
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(counter.value({"rds", "success"}), kThreads / 2 * kIncrementsPerThread);
  EXPECT_EQ(counter.value({"monitoring", "success"}), kThreads / 2 * kIncrementsPerThread);
}

}  // namespace
}  // namespace rds_exporter::telemetry
