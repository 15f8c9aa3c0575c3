// The prototype's engine-specific metrics (README.md "The prototype's engine-specific metrics") against rds_sim's
// demo fleet with the shipped target (env=prd), plus one MySQL database with Performance Insights on, which the demo
// fleet lacks: each engine's metrics with rds_sim's documented values from the source the README names, one
// GetResourceMetrics call per instance and cycle, a Performance Insights throttling storm that leaves CloudWatch alone,
// and Performance Insights turned off.
#include "catalog/seed_metrics.h"
#include "exporter_test_support.h"
#include "rds_sim_process.h"
#include "seed_metric_expectations.h"
#include "sim/cloudwatch/metric_catalog.h"
#include "sim/pi/counter_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>

namespace rds_exporter::testing {
namespace {

using ::testing::HasSubstr;

const std::string kMySqlWithPi = "checkout-mysql-prd";

// The demo fleet and kMySqlWithPi.
std::unique_ptr<RdsSimProcess> demo_fleet_with_mysql_pi() {
  auto sim = std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, DEMO_FLEET);
  add_instance(*sim, {{"id", kMySqlWithPi},
                      {"engine", "mysql"},
                      {"class", "db.r6g.large"},
                      {"performance_insights", true},
                      {"tags", {{"env", "prd"}, {"team", "checkout"}}}});
  return sim;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool has_pi_seed_metrics(std::string_view engine) {
  const auto rows = seed_rows();
  return std::any_of(rows.begin(), rows.end(), [engine](const SeedRow& row) {
    const auto family = sim::cloudwatch::engine_family(engine);
    return row.source == SeedSource::performance_insights && family &&
           (row.engines & sim::cloudwatch::engine_set(*family)) != 0;
  });
}

// The watched instances the exporter should ask Performance Insights about: it is on, and their engine has seed
// metrics there.
std::vector<const FleetInstance*> instances_calling_pi(const SimFleet& fleet) {
  std::vector<const FleetInstance*> result;
  for (const std::string& id : expected_instances(fleet, kShippedTarget)) {
    const FleetInstance& instance = fleet.instance(id);
    if (instance.performance_insights && has_pi_seed_metrics(instance.engine)) result.push_back(&instance);
  }
  return result;
}

// Every seed series of every watched instance: present exactly when the README's table gives the instance one,
// with the value rds_sim documents for the period its timestamp starts.
void expect_documented_seed_series(const MetricsPage& page, const SimFleet& fleet, bool performance_insights_on) {
  const std::int64_t now = now_seconds();
  for (const std::string& id : expected_instances(fleet, kShippedTarget)) {
    const FleetInstance& instance = fleet.instance(id);
    for (const std::string& series : seed_series_names()) {
      SCOPED_TRACE(id + " " + series);
      const SeedRow* row = seed_row_for(series, instance, performance_insights_on);
      const std::vector<Sample> samples = page.find(series, instance_labels(id));
      if (row == nullptr) {
        EXPECT_TRUE(samples.empty());
        continue;
      }
      ASSERT_EQ(samples.size(), 1u);
      ASSERT_TRUE(samples.front().timestamp_ms.has_value());
      const std::int64_t start = *samples.front().timestamp_ms / 1000;
      EXPECT_EQ(*samples.front().timestamp_ms % 60000, 0);
      // A period rds_sim has published: complete a minute ago, within the exporter's five-minute window.
      EXPECT_LE(start + 120, now);
      EXPECT_GE(start, now - 420);
      EXPECT_DOUBLE_EQ(samples.front().value, documented_seed_value(*row, instance, start));
    }
  }
}

// The series whose values come from Performance Insights, "name{labels}" → (value, timestamp).
std::map<std::string, std::pair<double, std::int64_t>> pi_series(const MetricsPage& page) {
  std::map<std::string, std::pair<double, std::int64_t>> values;
  for (const Sample& sample : page.rds_series()) {
    if (from_performance_insights(sample)) {
      values[sample.name + ::testing::PrintToString(sample.labels)] = {sample.value, sample.timestamp_ms.value_or(-1)};
    }
  }
  return values;
}

// One exporter, one collection cycle, shared by the tests that only read its /metrics and rds_sim's counters.
class ExporterPerformanceInsightsTest : public SharedExporterTest<ExporterPerformanceInsightsTest> {
 public:
  static std::unique_ptr<RdsSimProcess> start_sim() { return demo_fleet_with_mysql_pi(); }
  static std::map<std::string, std::string> exporter_settings() {
    return {{"exporter.export_timestamps", "true"},
            {"exporter.collection_interval", "3600"},
            {"target.discovery_interval", "3600"}};
  }
};

TEST_F(ExporterPerformanceInsightsTest, TheFleetHasEveryEngineWithPerformanceInsightsOn) {
  std::set<std::string> engines;
  for (const FleetInstance* instance : instances_calling_pi(fleet_)) engines.insert(instance->engine);
  EXPECT_EQ(engines, (std::set<std::string>{"aurora-mysql", "aurora-postgresql", "mysql", "postgres"}));
}

TEST_F(ExporterPerformanceInsightsTest, TheTableCoversEverySeedMetric) {
  const std::set<std::string> table = seed_series_names();
  for (const catalog::SeedMetric& seed : catalog::seed_metrics()) {
    std::string series = "rds_";
    for (const char c : seed.spec.name) series += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(table.contains(series)) << series;
  }
}

TEST_F(ExporterPerformanceInsightsTest, EachEngineGetsItsSeedMetricsWithTheDocumentedValues) {
  expect_documented_seed_series(*page_, fleet_, true);
}

TEST_F(ExporterPerformanceInsightsTest, AuroraTakesQueriesDeadlocksAndHitRatioFromCloudWatchNotPerformanceInsights) {
  // Aurora MySQL has db.SQL.Questions in Performance Insights too; had the exporter asked for it, rds_queries would
  // hold that counter's value or appear twice.
  for (const std::string id : {"orders-aurora-prd-instance-1", "ledger-aurora-prd-instance-1"}) {
    const FleetInstance& aurora = fleet_.instance(id);
    ASSERT_TRUE(aurora.performance_insights) << id;
    for (const std::string series : {"rds_queries", "rds_deadlocks", "rds_buffercachehitratio"}) {
      const SeedRow* row = seed_row_for(series, aurora);
      if (row == nullptr) continue;
      EXPECT_EQ(row->source, SeedSource::cloudwatch) << id << " " << series;
      const Sample sample = page_->one(series, instance_labels(id));
      EXPECT_FALSE(from_performance_insights(sample)) << id << " " << series;
      EXPECT_DOUBLE_EQ(sample.value,
                       documented_value(id, aurora.engine, row->inputs[0], false, sample.timestamp_ms.value() / 1000))
          << id << " " << series;
    }
  }
  EXPECT_TRUE(page_->has("rds_queries", instance_labels("orders-aurora-prd-instance-1")));
}

TEST_F(ExporterPerformanceInsightsTest, HelpNamesWhereEachFamilyComesFrom) {
  for (const SeedRow& row : seed_rows()) {
    SCOPED_TRACE(std::string(row.series));
    const std::string help = page_->help(row.series);
    ASSERT_FALSE(help.empty());
    EXPECT_THAT(help,
                HasSubstr(row.source == SeedSource::performance_insights ? "Performance Insights" : "CloudWatch"));
    for (std::size_t i = 0; i < row.input_count(); ++i) {
      const std::string_view input = row.inputs[i];
      EXPECT_THAT(help, HasSubstr(std::string(input.substr(input.rfind('.') + 1))));
    }
  }
}

TEST_F(ExporterPerformanceInsightsTest, OneGetResourceMetricsCallPerInstanceWithPerformanceInsightsOn) {
  const auto calling = instances_calling_pi(fleet_);
  const double calls = static_cast<double>(calling.size());
  int list_pages = 0;
  for (const FleetInstance* instance : calling) {
    const auto counters = sim::pi::counters_of(*sim::cloudwatch::engine_family(instance->engine));
    const auto db_counters = std::count_if(counters.begin(), counters.end(), [](const sim::pi::Counter* counter) {
      return counter->type() == sim::pi::MetricType::kDb;
    });
    list_pages += static_cast<int>((db_counters + 24) / 25);  // MaxResults 25
  }

  EXPECT_EQ(sim_->request_count("pi", "GetResourceMetrics", "200"), calls);
  EXPECT_EQ(page_->value("rds_exporter_pi_get_resource_metrics_calls"), calls);
  EXPECT_EQ(page_->value("rds_exporter_pi_calls_total", {{"operation", "GetResourceMetrics"}}), calls);
  EXPECT_EQ(page_->value("rds_exporter_pi_calls_total", {{"operation", "ListAvailableResourceMetrics"}}), calls);
  EXPECT_EQ(sim_->request_count("pi", "ListAvailableResourceMetrics", "200"), list_pages);
  EXPECT_EQ(sim_->stats().at("requests").at("pi").size(), 2u) << sim_->stats().dump();
  EXPECT_EQ(page_->value("rds_exporter_pi_errors_total"), 0);
}

TEST_F(ExporterPerformanceInsightsTest, InstancesWithoutPerformanceInsightsAreCountedAndLabelled) {
  int disabled = 0;
  for (const std::string& id : expected_instances(fleet_, kShippedTarget)) {
    const FleetInstance& instance = fleet_.instance(id);
    EXPECT_EQ(page_->one("rds_instance_info", instance_labels(id)).labels.at("performance_insights"),
              instance.performance_insights ? "true" : "false")
        << id;
    if (!instance.performance_insights && has_pi_seed_metrics(instance.engine)) ++disabled;
    if (!instance.performance_insights) {
      for (const Sample& sample : page_->rds_series()) {
        if (from_performance_insights(sample)) {
          EXPECT_NE(sample.labels.at("db_instance_identifier"), id) << sample.name;
        }
      }
    }
  }
  EXPECT_GE(disabled, 3);
  EXPECT_EQ(page_->value("rds_exporter_pi_instances_disabled"), disabled);
}

TEST_F(ExporterPerformanceInsightsTest, MetricsNoAwsApiHasNeverAppear) {
  for (const std::string name : {"rds_indexhitratio", "rds_walwritelatency"}) {
    EXPECT_THAT(page_->text(), ::testing::Not(HasSubstr(name)));
  }
}

// A demo fleet per test: the tests inject faults or count every Performance Insights call.
class ExporterPerformanceInsightsRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = demo_fleet_with_mysql_pi();
    fleet_ = parse_fleet(sim_->fleet());
  }

  std::unique_ptr<RdsSimProcess> sim_;
  SimFleet fleet_;
};

TEST_F(ExporterPerformanceInsightsRuntimeTest, AThrottlingStormKeepsPerformanceInsightsValuesAndCloudWatchFlowing) {
  ExporterProcess exporter(sim_->base_url(), {{"exporter.collection_interval", "1"},
                                              {"exporter.export_timestamps", "true"},
                                              {"cloudwatch.retry_attempts", "2"},
                                              {"cloudwatch.retry_delay", "0.01"}});
  const double calls = static_cast<double>(instances_calling_pi(fleet_).size());
  const MetricsPage good = exporter.scrape();
  ASSERT_EQ(good.value("rds_exporter_pi_errors_total"), 0);
  ASSERT_FALSE(pi_series(good).empty());

  sim_->set_faults({{"rules", {{{"service", "pi"}, {"throttle", 1}}}}});
  const auto errors = [](const MetricsPage& page) { return page.value("rds_exporter_pi_errors_total"); };
  const auto successes = [](const MetricsPage& page) {
    return page.value("rds_exporter_collections_total", {{"result", "success"}});
  };
  const MetricsPage storm_start =
      exporter.wait_for("a failed GetResourceMetrics call", [&](const MetricsPage& page) { return errors(page) >= 1; });
  // Two more cycles in which every call failed.
  const MetricsPage storm = exporter.wait_for("two more cycles of failed calls", [&](const MetricsPage& page) {
    return errors(page) >= errors(storm_start) + 2 * calls && successes(page) >= successes(storm_start) + 2;
  });

  EXPECT_EQ(pi_series(storm), pi_series(storm_start));
  EXPECT_EQ(pi_series(storm).size(), pi_series(good).size());
  EXPECT_EQ(storm.value("rds_exporter_pi_get_resource_metrics_calls"), 0);
  EXPECT_GT(sim_->request_count("pi", "GetResourceMetrics", "fault:Throttling"), 0);
  EXPECT_EQ(storm.sum("rds_exporter_collections_total", {{"result", "failure"}}), 0);
  EXPECT_EQ(storm.label_values("rds_cpuutilization", "db_instance_identifier"),
            expected_instances(fleet_, kShippedTarget));
  EXPECT_GT(storm.value("rds_exporter_last_collection_success_timestamp_seconds"),
            good.value("rds_exporter_last_collection_success_timestamp_seconds"));
  EXPECT_EQ(exporter.health_status(), 200);

  const int answered_in_storm = sim_->request_count("pi", "GetResourceMetrics", "200");
  sim_->clear_faults();
  const MetricsPage recovered = exporter.wait_for(
      "a cycle whose every GetResourceMetrics call succeeded",
      [&](const MetricsPage& page) { return page.value("rds_exporter_pi_get_resource_metrics_calls") == calls; });
  EXPECT_GE(sim_->request_count("pi", "GetResourceMetrics", "200"), answered_in_storm + calls);
  EXPECT_GT(recovered.value("rds_exporter_pi_calls_total", {{"operation", "GetResourceMetrics"}}),
            storm.value("rds_exporter_pi_calls_total", {{"operation", "GetResourceMetrics"}}));
  const auto stormy = pi_series(storm);
  const auto after = pi_series(recovered);
  EXPECT_EQ(after.size(), stormy.size());
  for (const auto& [series, value] : after) {
    ASSERT_TRUE(stormy.contains(series)) << series;
    EXPECT_GE(value.second, stormy.at(series).second) << series;
  }
}

TEST_F(ExporterPerformanceInsightsRuntimeTest, TurnedOffItIsNeverCalledAndCloudWatchSeedMetricsStay) {
  ExporterProcess exporter(sim_->base_url(), {{"performance_insights.enabled", "false"},
                                              {"exporter.export_timestamps", "true"},
                                              {"exporter.collection_interval", "3600"},
                                              {"target.discovery_interval", "3600"}});
  const MetricsPage page = exporter.scrape();
  EXPECT_FALSE(sim_->stats().at("requests").contains("pi")) << sim_->stats().dump();
  EXPECT_TRUE(pi_series(page).empty());
  expect_documented_seed_series(page, fleet_, false);
  EXPECT_TRUE(page.has("rds_replicationlag", instance_labels("payments-db-prd-replica-1")));
  EXPECT_TRUE(page.has("rds_deadlockscount", instance_labels("orders-aurora-prd-instance-1")));
  EXPECT_EQ(page.sum("rds_exporter_pi_get_resource_metrics_calls"), 0);
  EXPECT_EQ(page.sum("rds_exporter_pi_calls_total"), 0);
}

}  // namespace
}  // namespace rds_exporter::testing
