// rds_exporter against rds_sim's demo fleet with the shipped configuration (target env=prd): which databases it
// exports, which metrics each engine gets, whether the values are rds_sim's, and whether /metrics is valid.
#include "../exposition/promtool_check.h"
#include "exporter_test_support.h"
#include "rds_sim_process.h"
#include "seed_metric_expectations.h"
#include "sim/cloudwatch/metric_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <sstream>

namespace rds_exporter::testing {
namespace {

// "rds_" + CloudWatch's name lowercased, "%" spelled "_percent": the names rds_sim's catalog can answer for.
std::map<std::string, std::string> cloudwatch_names_by_series_name() {
  std::map<std::string, std::string> names;
  for (const auto& metric : sim::cloudwatch::metric_definitions()) {
    std::string series = "rds_";
    for (const char c : metric.name) {
      series += c == '%' ? std::string("_percent") : std::string(1, static_cast<char>(std::tolower(c)));
    }
    names.emplace(series, std::string(metric.name));
  }
  return names;
}

class ExporterDemoFleetTest : public SharedExporterTest<ExporterDemoFleetTest> {
 public:
  static std::unique_ptr<RdsSimProcess> start_sim() {
    return std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, DEMO_FLEET);
  }
  static std::map<std::string, std::string> exporter_settings() {
    return {{"exporter.export_timestamps", "true"},
            {"exporter.tag_labels", "team"},
            // One cycle: every test reads the same snapshot.
            {"exporter.collection_interval", "3600"},
            {"target.discovery_interval", "3600"}};
  }
};

TEST_F(ExporterDemoFleetTest, ExportsExactlyTheDatabasesTaggedEnvPrd) {
  const MetricsPage page = exporter_->scrape();
  const std::set<std::string> expected = expected_instances(fleet_, kShippedTarget);
  ASSERT_FALSE(expected.empty());

  EXPECT_EQ(page.label_values("rds_instance_info", "db_instance_identifier"), expected);
  EXPECT_EQ(page.value("rds_exporter_instances_discovered"), static_cast<double>(expected.size()));
  EXPECT_EQ(page.value("rds_exporter_clusters_discovered"),
            static_cast<double>(expected_clusters(fleet_, kShippedTarget).size()));
  const auto not_rds = std::count_if(fleet_.instances.begin(), fleet_.instances.end(),
                                     [](const FleetInstance& i) { return !is_rds_engine(i.engine); });
  EXPECT_EQ(page.value("rds_exporter_instances_skipped", {{"reason", "other_engine"}}), static_cast<double>(not_rds));
  EXPECT_EQ(page.value("rds_exporter_instances_skipped", {{"reason", "tag_filter"}}),
            static_cast<double>(fleet_.instances.size() - not_rds - expected.size()));
  // Every series belongs to a watched database, and every running watched database has series.
  EXPECT_EQ(page.label_values("rds_cpuutilization", "db_instance_identifier"), expected);
  for (const Sample& series : page.rds_series()) {
    if (series.labels.contains("db_instance_identifier")) {
      EXPECT_TRUE(expected.contains(series.labels.at("db_instance_identifier"))) << series.name;
    }
  }
}

TEST_F(ExporterDemoFleetTest, InstanceInfoDescribesEachDatabase) {
  const MetricsPage page = exporter_->scrape();
  const Sample writer = page.one("rds_instance_info", instance_labels("orders-aurora-prd-instance-1"));
  EXPECT_EQ(writer.value, 1);
  EXPECT_EQ(writer.labels.at("aws_account_id"), fleet_.account_id);
  EXPECT_EQ(writer.labels.at("region"), fleet_.region);
  EXPECT_EQ(writer.labels.at("engine"), "aurora-mysql");
  EXPECT_EQ(writer.labels.at("db_cluster_identifier"), "orders-aurora-prd");
  EXPECT_EQ(writer.labels.at("role"), "writer");
  EXPECT_EQ(page.one("rds_instance_info", instance_labels("orders-aurora-prd-instance-2")).labels.at("role"), "reader");
  EXPECT_EQ(page.one("rds_instance_info", instance_labels("payments-db-prd-replica-1")).labels.at("role"), "replica");

  const Sample payments = page.one("rds_instance_info", instance_labels("payments-db-prd"));
  EXPECT_EQ(payments.labels.at("engine"), "postgres");
  EXPECT_EQ(payments.labels.at("engine_version"), "16.3");
  EXPECT_EQ(payments.labels.at("instance_class"), "db.r6g.xlarge");
  EXPECT_EQ(payments.labels.at("availability_zone"), "ap-northeast-2a");
  EXPECT_EQ(payments.labels.at("multi_az"), "true");
  EXPECT_FALSE(payments.labels.contains("status")) << "a status change must not start a new info series";
  EXPECT_EQ(payments.labels.at("dbi_resource_id"), fleet_.instance("payments-db-prd").dbi_resource_id);
  EXPECT_EQ(payments.labels.at("db_parameter_group"), "payments-postgres16");
  EXPECT_EQ(payments.labels.at("deletion_protection"), "true");
  EXPECT_EQ(payments.labels.at("storage_type"), "gp3");
  EXPECT_EQ(payments.labels.at("role"), "primary");
  EXPECT_EQ(payments.labels.at("performance_insights"), "true");
  EXPECT_EQ(page.one("rds_instance_info", instance_labels("inventory-mysql-prd")).labels.at("performance_insights"),
            "false");
}

TEST_F(ExporterDemoFleetTest, TagLabelsComeFromTheInstanceOrItsCluster) {
  const MetricsPage page = exporter_->scrape();
  EXPECT_EQ(page.one("rds_cpuutilization", instance_labels("payments-db-prd")).labels.at("tag_team"), "payments");
  // ledger-aurora-prd's instances carry no tags; they are watched, and labelled, through their cluster's.
  EXPECT_EQ(page.one("rds_cpuutilization", instance_labels("ledger-aurora-prd-instance-1")).labels.at("tag_team"),
            "ledger");
  EXPECT_EQ(page.one("rds_volumebytesused", {{"db_cluster_identifier", "orders-aurora-prd"}}).labels.at("tag_team"),
            "orders");
}

TEST_F(ExporterDemoFleetTest, EachEngineGetsItsOwnMetrics) {
  const MetricsPage page = exporter_->scrape();
  EXPECT_TRUE(page.has("rds_maximumusedtransactionids", instance_labels("payments-db-prd")));
  EXPECT_FALSE(page.has("rds_maximumusedtransactionids", instance_labels("inventory-mysql-prd")));
  EXPECT_TRUE(page.has("rds_binlogdiskusage", instance_labels("inventory-mysql-prd")));
  EXPECT_TRUE(page.has("rds_queries", instance_labels("orders-aurora-prd-instance-1")));
  EXPECT_FALSE(page.has("rds_queries", instance_labels("ledger-aurora-prd-instance-1")));  // Aurora MySQL only

  for (const std::string& id : expected_instances(fleet_, kShippedTarget)) {
    const FleetInstance& watched = fleet_.instance(id);
    const bool aurora = is_aurora_engine(watched.engine);
    EXPECT_EQ(page.has("rds_freestoragespace", instance_labels(id)), !aurora) << id;
    EXPECT_EQ(page.has("rds_aurorareplicalag", instance_labels(id)), aurora && !watched.cluster_writer) << id;
    EXPECT_TRUE(page.has("rds_freeablememory", instance_labels(id))) << id;
  }
}

TEST_F(ExporterDemoFleetTest, AuroraClustersHaveClusterLevelSeries) {
  const MetricsPage page = exporter_->scrape();
  EXPECT_EQ(page.label_values("rds_volumebytesused", "db_cluster_identifier"),
            expected_clusters(fleet_, kShippedTarget));
  for (const Sample& series : page.find("rds_volumebytesused")) {
    EXPECT_FALSE(series.labels.contains("db_instance_identifier"));
    EXPECT_EQ(series.labels.at("engine"), fleet_.cluster(series.labels.at("db_cluster_identifier"))->engine);
  }
}

// CloudWatch's metrics, and the engine-specific ones it or Performance Insights gives (seed_metric_expectations.h).
// The inventory's series (what the RDS API says now) carry no timestamp; they arrive after the first CloudWatch
// cycle, so the test waits for them to be sure it tells the two apart. Enhanced Monitoring's rds_os_* (its own
// suite's) arrive on their own loop too, at their documents' timestamps.
TEST_F(ExporterDemoFleetTest, EveryValueIsTheOneRdsSimReportedForItsTimestamp) {
  const MetricsPage page = exporter_->wait_for(
      "the inventory's series", [](const MetricsPage& current) { return current.has("rds_account_quota_max"); });
  const auto cloudwatch_names = cloudwatch_names_by_series_name();
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  const std::vector<Sample> series = page.rds_series();
  ASSERT_GE(page.find("rds_cpuutilization").size(), 3u);
  ASSERT_FALSE(page.find("rds_databaseconnections").empty());
  ASSERT_FALSE(page.find("rds_volumebytesused").empty());
  for (const Sample& sample : series) {
    if (sample.name.starts_with("rds_os_")) continue;
    SCOPED_TRACE(sample.name + " " + ::testing::PrintToString(sample.labels));
    const auto instance = sample.labels.find("db_instance_identifier");
    const SeedRow* seed =
        instance == sample.labels.end() ? nullptr : seed_row_for(sample.name, fleet_.instance(instance->second));
    if (!sample.timestamp_ms.has_value()) {
      // The inventory's: never a name CloudWatch or Performance Insights answers for.
      EXPECT_EQ(seed, nullptr);
      EXPECT_FALSE(cloudwatch_names.contains(sample.name));
      continue;
    }
    EXPECT_EQ(*sample.timestamp_ms % 60000, 0);
    EXPECT_LE(*sample.timestamp_ms, now_ms);
    const bool cluster = instance == sample.labels.end();
    const std::string& source = cluster ? sample.labels.at("db_cluster_identifier") : instance->second;
    if (seed != nullptr) {
      EXPECT_DOUBLE_EQ(sample.value,
                       documented_seed_value(*seed, fleet_.instance(source), *sample.timestamp_ms / 1000));
      continue;
    }
    ASSERT_TRUE(cloudwatch_names.contains(sample.name));
    EXPECT_DOUBLE_EQ(sample.value,
                     documented_value(source, sample.labels.at("engine"), cloudwatch_names.at(sample.name), cluster,
                                      *sample.timestamp_ms / 1000));
  }
}

// exporter.naming=prometheus from the environment, as a user sets it: the same snapshot under Prometheus's names,
// CloudWatch's milliseconds divided by 1000 into seconds, and a page promtool finds nothing to say about.
TEST_F(ExporterDemoFleetTest, ThePrometheusNamingSchemeShowsMillisecondsAsSeconds) {
  ExporterLaunch launch;
  launch.environment = {{"APP_EXPORTER_NAMING", "prometheus"}};
  const ExporterProcess exporter(sim_->base_url(),
                                 {{"exporter.export_timestamps", "true"},
                                  {"exporter.collection_interval", "3600"},
                                  {"target.discovery_interval", "3600"}},
                                 launch);
  const MetricsPage page = exporter.scrape();
  const std::vector<Sample> latencies = page.find("rds_commit_latency_seconds");
  ASSERT_FALSE(latencies.empty()) << page.text();
  EXPECT_FALSE(page.has("rds_commitlatency"));
  EXPECT_THAT(page.help("rds_commit_latency_seconds"),
              ::testing::HasSubstr("CloudWatch AWS/RDS CommitLatency, statistic Average, unit Milliseconds, shown in "
                                   "seconds: divided by 1000"));
  for (const Sample& sample : latencies) {
    SCOPED_TRACE(::testing::PrintToString(sample.labels));
    ASSERT_TRUE(sample.timestamp_ms.has_value());
    const double milliseconds = documented_value(sample.labels.at("db_instance_identifier"),
                                                 sample.labels.at("engine"), "CommitLatency", false,
                                                 *sample.timestamp_ms / 1000);
    EXPECT_GT(milliseconds, 0);
    EXPECT_DOUBLE_EQ(sample.value, milliseconds / 1000);
  }
  // Units CloudWatch already has in base units keep their values.
  const std::vector<Sample> cpu = page.find("rds_cpu_utilization_percent");
  ASSERT_FALSE(cpu.empty());
  EXPECT_FALSE(page.has("rds_cpuutilization"));
  EXPECT_DOUBLE_EQ(cpu.front().value, documented_value(cpu.front().labels.at("db_instance_identifier"),
                                                       cpu.front().labels.at("engine"), "CPUUtilization", false,
                                                       *cpu.front().timestamp_ms / 1000));
  EXPECT_TRUE(page.has("rds_volume_used_bytes"));
  const PromtoolResult result = promtool_check_metrics(page.text());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "");
}

TEST_F(ExporterDemoFleetTest, PromtoolFindsNothingToLint) {
  const MetricsPage page = exporter_->scrape();
  const PromtoolResult result = promtool_check_metrics(page.text());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "");
}

// What Prometheus asks for by default: OpenMetrics, which the official client's strict parser accepts, with the
// same rds_* series as the 0.0.4 page.
TEST_F(ExporterDemoFleetTest, OpenMetricsAnswerPassesTheOfficialParserWithTheSameSeries) {
  // With every source on the page: the inventory's facts and Enhanced Monitoring's OS metrics come on loops of
  // their own, and their families must not clash with the others in OpenMetrics either.
  exporter_->wait_for("the inventory's facts and the OS metrics", [](const MetricsPage& page) {
    return page.has("rds_instance_status") && page.has("rds_instance_state_info") && page.has("rds_os_cpu_ratio");
  });
  auto client = httplib::Client("127.0.0.1", exporter_->port());
  const auto response = client.Get(
      "/metrics", {{"Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                              "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
  const testing::PromtoolResult result = testing::openmetrics_check(response->body);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const MetricsPage plain = exporter_->scrape();
  // The fleet's sample lines (rds_*, not the exporter's own rds_exporter_*).
  const auto series_lines = [](const std::string& text) {
    std::size_t count = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      count += line.starts_with("rds_") && !line.starts_with("rds_exporter_") ? 1 : 0;
    }
    return count;
  };
  EXPECT_EQ(series_lines(response->body), series_lines(plain.text()));
}

TEST_F(ExporterDemoFleetTest, GzipAnswerDecodesToThePlainPage) {
  const MetricsPage plain = exporter_->scrape();
  const std::string decoded = exporter_->scrape_gzip();
  ASSERT_FALSE(plain.rds_series().empty());
  EXPECT_EQ(rds_lines(decoded), rds_lines(plain.text()));
  EXPECT_NO_THROW(MetricsPage::parse(decoded));
}

TEST_F(ExporterDemoFleetTest, HealthIsOkAfterASuccessfulCollection) {
  EXPECT_EQ(exporter_->health_status(), 200);
  EXPECT_GE(exporter_->scrape().value("rds_exporter_collections_total", {{"result", "success"}}), 1);
}

}  // namespace
}  // namespace rds_exporter::testing
