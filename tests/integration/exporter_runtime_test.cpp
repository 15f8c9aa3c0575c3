// rds_exporter over time, against a demo fleet that changes under it: a deleted database leaves /metrics, and a
// CloudWatch throttling storm leaves the last good values in place until CloudWatch answers again.
#include "exporter_test_support.h"
#include "rds_sim_process.h"
#include "seed_metric_expectations.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

namespace rds_exporter::testing {
namespace {

using std::chrono::seconds;

bool mentions_instance(const MetricsPage& page, const std::string& id) {
  for (const Sample& sample : page.samples()) {
    const auto it = sample.labels.find("db_instance_identifier");
    if (it != sample.labels.end() && it->second == id) return true;
  }
  return false;
}

// The RDS series of a page whose values come from CloudWatch as "name{labels}" → (value, timestamp), to compare two
// scrapes (with exporter.export_timestamps). Performance Insights and Enhanced Monitoring (CloudWatch Logs) answer
// throughout a CloudWatch storm, so their series move on; the inventory's carry no timestamp and may arrive between
// the two scrapes.
std::map<std::string, std::pair<double, std::int64_t>> cloudwatch_series_values(const MetricsPage& page) {
  std::map<std::string, std::pair<double, std::int64_t>> values;
  for (const Sample& sample : page.rds_series()) {
    if (!sample.timestamp_ms || from_performance_insights(sample) || sample.name.starts_with("rds_os_")) continue;
    values[sample.name + ::testing::PrintToString(sample.labels)] = {sample.value, *sample.timestamp_ms};
  }
  return values;
}

double result_count(const MetricsPage& page, const std::string& result) {
  return page.value("rds_exporter_collections_total", {{"result", result}});
}

// One demo fleet per test: the tests change it.
class ExporterRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, DEMO_FLEET);
    fleet_ = parse_fleet(sim_->fleet());
  }

  std::unique_ptr<RdsSimProcess> sim_;
  SimFleet fleet_;
};

TEST_F(ExporterRuntimeTest, ADeletedDatabaseLeavesMetricsAtTheNextDiscovery) {
  ExporterProcess exporter(sim_->base_url(),
                           {{"target.discovery_interval", "1"}, {"exporter.collection_interval", "1"}});
  const std::string removed = "shipping-db-prd";
  const MetricsPage before = exporter.scrape();
  ASSERT_TRUE(before.has("rds_instance_info", instance_labels(removed)));
  ASSERT_TRUE(before.has("rds_cpuutilization", instance_labels(removed)));

  sim_->remove_instance(removed);
  const MetricsPage after = exporter.wait_for(removed + " gone from /metrics", [&removed](const MetricsPage& page) {
    return !mentions_instance(page, removed);
  });

  std::set<std::string> remaining = expected_instances(fleet_, kShippedTarget);
  remaining.erase(removed);
  EXPECT_EQ(after.label_values("rds_instance_info", "db_instance_identifier"), remaining);
  EXPECT_EQ(after.label_values("rds_cpuutilization", "db_instance_identifier"), remaining);
  EXPECT_EQ(after.value("rds_exporter_instances_discovered"), static_cast<double>(remaining.size()));
}

// A cycle asks CloudWatch only for points that can exist (a minute's worth every minute), so the storm runs on
// rds_sim's and the exporter's clocks 60 times faster than real time, an hour behind it: a collection a simulated
// minute, a real second.
TEST_F(ExporterRuntimeTest, AThrottlingStormKeepsTheLastGoodValuesUntilCloudWatchRecovers) {
  constexpr int kTimeScale = 60;
  sim_ = std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, DEMO_FLEET,
                                         std::vector<std::string>{"--time-scale", std::to_string(kTimeScale),
                                                                  "--time-backdate", "3600"});
  const RdsSimProcess::Clock clock = sim_->clock();
  ExporterProcess exporter(sim_->base_url(),
                           {{"exporter.collection_interval", "60"},
                            // Simulated time runs fast: the last good values must outlive the storm by far.
                            {"exporter.stale_after", "3600"},
                            {"exporter.export_timestamps", "true"},
                            {"cloudwatch.retry_attempts", "2"},
                            {"cloudwatch.retry_delay", "0.01"}},
                           {.arguments = {"--testing.time-scale", std::to_string(kTimeScale), "--testing.time-origin",
                                          fmt::format("{:.6f}", clock.start), "--testing.time-backdate", "3600"}});
  sim_->set_faults({{"rules", {{{"service", "monitoring"}, {"throttle", 1}}}}});

  // Once a cycle has failed, the values on /metrics are the last good cycle's, and stay so.
  const MetricsPage storm_start = exporter.wait_for(
      "a failed collection", [](const MetricsPage& page) { return result_count(page, "failure") >= 1; });
  const MetricsPage storm = exporter.wait_for("two more failed collections", [&storm_start](const MetricsPage& page) {
    return result_count(page, "failure") >= result_count(storm_start, "failure") + 2;
  });
  ASSERT_FALSE(storm_start.rds_series().empty());
  EXPECT_EQ(cloudwatch_series_values(storm), cloudwatch_series_values(storm_start));
  EXPECT_EQ(storm.label_values("rds_instance_info", "db_instance_identifier"),
            expected_instances(fleet_, kShippedTarget));
  EXPECT_EQ(storm.value("rds_exporter_last_collection_success_timestamp_seconds"),
            storm_start.value("rds_exporter_last_collection_success_timestamp_seconds"));
  EXPECT_GT(sim_->request_count("monitoring", "GetMetricData", "fault:Throttling"), 0);
  const auto deadline = std::chrono::steady_clock::now() + seconds(20);
  while (exporter.health_status() != 503 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(exporter.health_status(), 503) << "no collection succeeded for many intervals, yet /health is fine";

  sim_->clear_faults();
  const MetricsPage recovered = exporter.wait_for(
      "a successful collection after the storm",
      [&storm](const auto& page) { return result_count(page, "success") > result_count(storm, "success"); });
  EXPECT_GT(recovered.value("rds_exporter_last_collection_success_timestamp_seconds"),
            storm.value("rds_exporter_last_collection_success_timestamp_seconds"));
  const auto stormy = cloudwatch_series_values(storm);
  for (const auto& [series, value] : cloudwatch_series_values(recovered)) {
    const auto it = stormy.find(series);
    if (it != stormy.end()) {
      EXPECT_GE(value.second, it->second.second) << series;
    }
  }
  const auto health_deadline = std::chrono::steady_clock::now() + seconds(20);
  while (exporter.health_status() != 200 && std::chrono::steady_clock::now() < health_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(exporter.health_status(), 200);
  EXPECT_TRUE(exporter.running());
}

}  // namespace
}  // namespace rds_exporter::testing
