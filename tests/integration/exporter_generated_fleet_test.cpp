// rds_exporter against a synthetic 300-instance account (rds_sim --generate): discovery pages through it in
// ⌈300/100⌉ calls, and one collection cycle asks CloudWatch for exactly what it plans, in ⌈queries/500⌉ calls,
// and plans only metrics that exist.
#include "catalog/metric_catalog.h"
#include "exporter_test_support.h"
#include "rds_sim_process.h"
#include "seed_metric_expectations.h"
#include "sim/cloudwatch/metric_series.h"
#include "sim/fleet/fleet_generator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <utility>

namespace rds_exporter::testing {
namespace {

constexpr int kInstances = 300;
constexpr std::uint64_t kSeed = 7;

// One collection per exporter, so rds_sim's counters describe exactly one discovery and one cycle.
const std::map<std::string, std::string> kOneCycle{{"exporter.collection_interval", "3600"},
                                                   {"target.discovery_interval", "3600"}};

std::map<std::string, std::string> one_cycle_with(std::map<std::string, std::string> settings) {
  settings.insert(kOneCycle.begin(), kOneCycle.end());
  return settings;
}

double ceil_div(double numerator, double denominator) { return std::ceil(numerator / denominator); }

// What one collection over the watched sources should ask for and get back: every default metric CloudWatch
// publishes for each watched instance and cluster (rds_sim's catalog, the same fleet generated here), none for
// stopped ones, which publish nothing; so every query returns data.
std::size_t expected_queries(const std::set<std::string>& instances, const std::set<std::string>& clusters) {
  std::set<std::pair<std::string_view, bool>> defaults;
  for (const catalog::MetricSpec& spec : catalog::metric_catalog()) {
    if (spec.collected_by_default) defaults.emplace(spec.name, spec.scope == catalog::MetricScope::cluster);
  }
  const sim::Fleet fleet = sim::generate_fleet({.instance_count = kInstances, .seed = kSeed});
  std::size_t queries = 0;
  for (const sim::cloudwatch::MetricSeries& series : sim::cloudwatch::all_series(fleet)) {
    const bool cluster = series.metric->scope == sim::cloudwatch::MetricScope::kCluster;
    const std::string source(series.source_id);
    if (!(cluster ? clusters : instances).contains(source)) continue;
    if (!defaults.contains({series.metric->name, cluster})) continue;
    if (!series.publishing) continue;
    ++queries;
  }
  return queries;
}

class ExporterGeneratedFleetTest : public SharedSimTest<ExporterGeneratedFleetTest> {
 public:
  static std::unique_ptr<RdsSimProcess> start_sim() {
    return RdsSimProcess::generated(RDS_SIM_BINARY, kInstances, kSeed);
  }

 protected:
  void SetUp() override {
    SharedSimTest::SetUp();
    if (!HasFatalFailure()) sim_->reset_stats();
  }
};

TEST_F(ExporterGeneratedFleetTest, DiscoveryPagesThroughTheAccountInThreeCalls) {
  ASSERT_EQ(fleet_.instances.size(), static_cast<std::size_t>(kInstances));
  ExporterProcess exporter(sim_->base_url(), kOneCycle);
  const MetricsPage page = exporter.scrape();
  const std::set<std::string> expected = expected_instances(fleet_, kShippedTarget);

  EXPECT_EQ(sim_->request_count("rds", "DescribeDBInstances", "200"), ceil_div(kInstances, 100));
  EXPECT_EQ(page.value("rds_exporter_instances_discovered"), static_cast<double>(expected.size()));
  EXPECT_EQ(page.value("rds_exporter_clusters_discovered"),
            static_cast<double>(expected_clusters(fleet_, kShippedTarget).size()));
  EXPECT_EQ(page.label_values("rds_instance_info", "db_instance_identifier"), expected);
  for (const std::string& engine : page.label_values("rds_instance_info", "engine")) {
    EXPECT_TRUE(is_rds_engine(engine)) << engine;
  }
}

TEST_F(ExporterGeneratedFleetTest, OneCycleAsksCloudWatchForExactlyWhatItPlannedInFullBatches) {
  ExporterProcess exporter(sim_->base_url(), one_cycle_with({{"target.tag_key", ""}}));
  const MetricsPage page = exporter.scrape();
  const double queries = page.value("rds_exporter_cloudwatch_queries");
  ASSERT_GT(queries, 500) << "the fleet must need more than one GetMetricData call";

  const int calls = sim_->request_count("monitoring", "GetMetricData", "200");
  EXPECT_EQ(calls, ceil_div(queries, 500));
  EXPECT_EQ(page.value("rds_exporter_cloudwatch_last_cycle_get_metric_data_calls"), calls);
  EXPECT_EQ(page.value("rds_exporter_cloudwatch_get_metric_data_calls_total"), calls);
  EXPECT_EQ(static_cast<double>(sim_->cloudwatch_metrics_requested()), queries);
  EXPECT_EQ(page.value("rds_exporter_cloudwatch_metrics_requested_total"), queries);
  EXPECT_EQ(page.value("rds_exporter_collections_total", {{"result", "success"}}), 1);
}

TEST_F(ExporterGeneratedFleetTest, EveryPlannedQueryReturnsDataAndStoppedInstancesCostNothing) {
  // CloudWatch's and Performance Insights' series alone: the inventory's have tests of their own.
  ExporterProcess exporter(sim_->base_url(), one_cycle_with({{"target.tag_key", ""}, {"inventory.enabled", "false"}, {"enhanced_monitoring.enabled", "false"}}));
  const std::set<std::string> instances = expected_instances(fleet_, {});
  // Every query returns data, so the CloudWatch series are exactly the queries.
  const std::size_t queries = expected_queries(instances, expected_clusters(fleet_, {}));

  // Besides CloudWatch's series, the engine-specific ones it or Performance Insights gives.
  std::size_t seed_series = 0;
  for (const std::string& id : instances) {
    for (const std::string& series : seed_series_names()) {
      const SeedRow* row = seed_row_for(series, fleet_.instance(id));
      if (row != nullptr && row->adds_series()) ++seed_series;
    }
  }
  ASSERT_GT(seed_series, 0u);
  // Performance Insights' series join the page on their own loop's schedule, after CloudWatch's.
  const MetricsPage page = exporter.wait_for(
      "every series", [&](const MetricsPage& current) { return current.rds_series().size() >= queries + seed_series; });

  EXPECT_EQ(page.value("rds_exporter_cloudwatch_queries"), static_cast<double>(queries));
  EXPECT_EQ(page.value("rds_exporter_series"), static_cast<double>(queries + seed_series));
  EXPECT_EQ(page.rds_series().size(), queries + seed_series);
  for (const std::string& id : instances) {
    const bool stopped = fleet_.instance(id).status == "stopped";
    EXPECT_EQ(page.has("rds_cpuutilization", {{"db_instance_identifier", id}}), !stopped) << id;
  }
}

}  // namespace
}  // namespace rds_exporter::testing
