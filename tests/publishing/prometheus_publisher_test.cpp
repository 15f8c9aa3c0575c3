#include "publishing/prometheus_publisher.h"
#include "publishing/series_labels.h"

#include "catalog/seed_metrics.h"

#include "../exposition/promtool_check.h"

#include "../exposition/gunzip.h"
#include "catalog_metric.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::publishing {
namespace {

using catalog::MetricScope;
using rds_exporter::testing::gunzip;
using catalog::MetricSpec;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::Not;
using namespace std::chrono_literals;

constexpr MetricSpec kCpu{.name = "CPUUtilization", .unit = "Percent", .description = "Percentage of CPU utilization"};
constexpr MetricSpec kEbsByteBalance{.name = "EBSByteBalance%", .unit = "Percent"};
constexpr MetricSpec kInstanceCapacity{
    .name = "ServerlessDatabaseCapacity", .unit = "Count", .description = "Capacity in ACUs"};
constexpr MetricSpec kClusterCapacity{.name = "ServerlessDatabaseCapacity",
                                      .unit = "Count",
                                      .scope = MetricScope::cluster,
                                      .description = "Capacity in ACUs"};

const auto kT1 = std::chrono::system_clock::time_point(1700000000s);
const auto kT2 = std::chrono::system_clock::time_point(1700000060s);

discovery::WatchedInstance orders_instance() {
  discovery::WatchedInstance instance;
  instance.account_id = "123456789012";
  instance.region = "eu-west-1";
  instance.role = "primary";
  instance.db.identifier = "orders";
  instance.db.engine = "postgres";
  instance.db.engine_version = "15.4";
  instance.db.instance_class = "db.m6g.large";
  instance.db.availability_zone = "eu-west-1a";
  instance.db.multi_az = true;
  instance.db.status = "available";
  instance.db.storage_type = "gp3";
  instance.db.tags = {{"env", "prd"}, {"aws:cloudformation:stack-name", "orders-stack"}, {"unlisted", "x"}};
  return instance;
}

discovery::WatchedInstance aurora_writer_instance() {
  discovery::WatchedInstance instance;
  instance.account_id = "123456789012";
  instance.region = "eu-west-1";
  instance.role = "writer";
  instance.family = catalog::EngineFamily::aurora_postgres;
  instance.db.identifier = "aurora-writer";
  instance.db.engine = "aurora-postgresql";
  instance.db.engine_version = "15.4";
  instance.db.instance_class = "db.serverless";
  instance.db.availability_zone = "eu-west-1b";
  instance.db.status = "available";
  instance.db.storage_type = "aurora";
  instance.db.cluster_identifier = "aurora";
  instance.db.tags = {{"env", "dev"}, {"team", ""}};
  return instance;
}

discovery::WatchedCluster aurora_cluster() {
  discovery::WatchedCluster cluster;
  cluster.account_id = "123456789012";
  cluster.region = "eu-west-1";
  cluster.db.identifier = "aurora";
  cluster.db.engine = "aurora-postgresql";
  cluster.db.tags = {{"team", "data \"core\"\\eu"}, {"env", "dev"}};
  return cluster;
}

collection::Reading reading(MetricScope scope, std::string identifier, const MetricSpec& metric, double value,
                            std::chrono::system_clock::time_point at) {
  return {
      .key = {.source_identifier = std::move(identifier), .metric = &metric, .statistic = "Average", .scope = scope},
      .timestamp = at,
      .value = value};
}

snapshot::Snapshot small_snapshot() {
  auto inventory = std::make_shared<discovery::Inventory>();
  inventory->instances = {orders_instance(), aurora_writer_instance()};
  inventory->clusters = {aurora_cluster()};
  snapshot::Snapshot snapshot;
  snapshot.inventory = inventory;
  snapshot.readings = {
      reading(MetricScope::instance, "aurora-writer", kCpu, 12.5, kT1),
      reading(MetricScope::instance, "aurora-writer", kInstanceCapacity, 2, kT1),
      reading(MetricScope::instance, "gone", kCpu, 1, kT1),
      reading(MetricScope::instance, "orders", kCpu, 40.25, kT2),
      reading(MetricScope::instance, "orders", kEbsByteBalance, 99, kT2),
      reading(MetricScope::cluster, "aurora", kClusterCapacity, 2.5, kT1),
  };
  return snapshot;
}

PublisherOptions tag_options() { return {{"env", "aws:cloudformation:stack-name", "team"}, false}; }

constexpr char kAuroraWriterLabels[] =
    R"(aws_account_id="123456789012",region="eu-west-1",db_instance_identifier="aurora-writer",)"
    R"(engine="aurora-postgresql",tag_env="dev",tag_team="data \"core\"\\eu")";
constexpr char kOrdersLabels[] =
    R"(aws_account_id="123456789012",region="eu-west-1",db_instance_identifier="orders",engine="postgres",)"
    R"(tag_env="prd",tag_aws_cloudformation_stack_name="orders-stack")";
constexpr char kClusterLabels[] =
    R"(aws_account_id="123456789012",region="eu-west-1",db_cluster_identifier="aurora",engine="aurora-postgresql",)"
    R"(tag_env="dev",tag_team="data \"core\"\\eu")";

std::string series(std::string_view name, std::string_view labels, std::string_view value) {
  return std::string(name) + "{" + std::string(labels) + "} " + std::string(value) + "\n";
}

TEST(RenderSnapshot, WritesInfoThenOneFamilyPerMetricWithTheSourcesLabels) {
  const std::string expected =
      "# HELP rds_instance_info What DescribeDBInstances reports about each watched RDS instance, as labels; the "
      "value is always 1.\n"
      "# TYPE rds_instance_info gauge\n" +
      series("rds_instance_info",
             R"(aws_account_id="123456789012",region="eu-west-1",db_instance_identifier="aurora-writer",)"
             R"(engine="aurora-postgresql",engine_version="15.4",instance_class="db.serverless",)"
             R"(availability_zone="eu-west-1b",multi_az="false",storage_type="aurora",)"
             R"(db_cluster_identifier="aurora",role="writer",source_db_instance_identifier="",)"
             R"(performance_insights="false",dbi_resource_id="",ca_certificate_identifier="",)"
             R"(db_parameter_group="",deletion_protection="false",tag_env="dev",)"
             R"(tag_team="data \"core\"\\eu")",
             "1") +
      series("rds_instance_info",
             R"(aws_account_id="123456789012",region="eu-west-1",db_instance_identifier="orders",)"
             R"(engine="postgres",engine_version="15.4",instance_class="db.m6g.large",availability_zone="eu-west-1a",)"
             R"(multi_az="true",storage_type="gp3",db_cluster_identifier="",role="primary",)"
             R"(source_db_instance_identifier="",performance_insights="false",dbi_resource_id="",)"
             R"(ca_certificate_identifier="",db_parameter_group="",deletion_protection="false",)"
             R"(tag_env="prd",tag_aws_cloudformation_stack_name="orders-stack")",
             "1") +
      "# HELP rds_cluster_info What DescribeDBClusters reports about each watched Aurora or Multi-AZ DB cluster, as "
      "labels; the value is always 1.\n"
      "# TYPE rds_cluster_info gauge\n" +
      series("rds_cluster_info",
             R"(aws_account_id="123456789012",region="eu-west-1",db_cluster_identifier="aurora",)"
             R"(engine="aurora-postgresql",engine_version="",db_cluster_resource_id="",multi_az="false",)"
             R"(db_cluster_parameter_group="",deletion_protection="false",tag_env="dev",)"
             R"(tag_team="data \"core\"\\eu")",
             "1") +
      "# HELP rds_cpuutilization Percentage of CPU utilization (CloudWatch AWS/RDS CPUUtilization, statistic "
      "Average, unit Percent)\n"
      "# TYPE rds_cpuutilization gauge\n" +
      series("rds_cpuutilization", kAuroraWriterLabels, "12.5") + series("rds_cpuutilization", kOrdersLabels, "40.25") +
      "# HELP rds_ebsbytebalance_percent CloudWatch AWS/RDS EBSByteBalance%, statistic Average, unit Percent\n"
      "# TYPE rds_ebsbytebalance_percent gauge\n" +
      series("rds_ebsbytebalance_percent", kOrdersLabels, "99") +
      "# HELP rds_serverlessdatabasecapacity Capacity in ACUs (CloudWatch AWS/RDS ServerlessDatabaseCapacity, "
      "statistic Average, unit Count)\n"
      "# TYPE rds_serverlessdatabasecapacity gauge\n" +
      series("rds_serverlessdatabasecapacity", kClusterLabels, "2.5") +
      series("rds_serverlessdatabasecapacity", kAuroraWriterLabels, "2");
  EXPECT_EQ(render_snapshot(small_snapshot(), tag_options()), expected);
}

TEST(RenderSnapshot, AnAuroraMemberWithoutATagTakesItsClustersValue) {
  auto snapshot = small_snapshot();
  auto inventory = std::make_shared<discovery::Inventory>(*snapshot.inventory);
  inventory->instances[1].db.tags.clear();
  snapshot.inventory = inventory;
  const std::string text = render_snapshot(snapshot, {{"env"}, false});
  EXPECT_THAT(text, HasSubstr(R"(db_instance_identifier="aurora-writer",engine="aurora-postgresql",tag_env="dev"} 12.5)"));
  EXPECT_THAT(text, HasSubstr(R"(db_parameter_group="",deletion_protection="false",tag_env="dev"} 1)"));
}

TEST(RenderSnapshot, WithoutTagLabelsSeriesCarryOnlyTheSourceLabels) {
  const std::string text = render_snapshot(small_snapshot(), {});
  EXPECT_THAT(text, HasSubstr(R"(rds_cpuutilization{aws_account_id="123456789012",region="eu-west-1",)"
                              R"(db_instance_identifier="orders",engine="postgres"} 40.25)"
                              "\n"));
  EXPECT_THAT(text, Not(HasSubstr("tag_")));
}

// Enhanced Monitoring's OS metrics: a fixed name in every scheme, their own labels after the source's.
const MetricSpec kOsCpu{.name = "rds_os_cpu_ratio",
                        .unit = "Ratio",
                        .description = "Share of CPU time in each mode",
                        .exposed_name = "rds_os_cpu_ratio"};

collection::Reading os_reading(std::string identifier, std::string mode, double value) {
  collection::Reading reading{.key = {.source_identifier = std::move(identifier),
                                      .metric = &kOsCpu,
                                      .labels = {{"mode", std::move(mode)}},
                                      .scope = MetricScope::instance},
                              .timestamp = kT2,
                              .value = value};
  reading.interval = 10s;
  return reading;
}

TEST(RenderSnapshot, OsMetricsCarryTheirOwnLabelsAfterTheSourcesAndOneNameInEveryScheme) {
  auto snapshot = small_snapshot();
  // In snapshot order (source, metric, labels), as the merge keeps them.
  snapshot.readings.push_back(os_reading("orders", "system", 0.125));
  snapshot.readings.push_back(os_reading("orders", "user", 0.5));
  const std::string expected = "# HELP rds_os_cpu_ratio Share of CPU time in each mode (Enhanced Monitoring OS metric)\n"
                               "# TYPE rds_os_cpu_ratio gauge\n" +
                               series("rds_os_cpu_ratio", std::string(kOrdersLabels) + R"(,mode="system")", "0.125") +
                               series("rds_os_cpu_ratio", std::string(kOrdersLabels) + R"(,mode="user")", "0.5");
  EXPECT_THAT(render_snapshot(snapshot, tag_options()), HasSubstr(expected));
  PublisherOptions prometheus = tag_options();
  prometheus.naming = NamingScheme::prometheus;
  EXPECT_THAT(render_snapshot(snapshot, prometheus), HasSubstr(expected));

  SeriesLabeler labeler(*snapshot.inventory, tag_labels_of({"env"}));
  std::vector<LabelPair> labels;
  double value = 0;
  ASSERT_TRUE(labeler.sample_of(os_reading("orders", "user", 0.5), labels, value));
  EXPECT_EQ(labels, (std::vector<LabelPair>{{"__name__", "rds_os_cpu_ratio"},
                                            {"aws_account_id", "123456789012"},
                                            {"db_instance_identifier", "orders"},
                                            {"engine", "postgres"},
                                            {"mode", "user"},
                                            {"region", "eu-west-1"},
                                            {"tag_env", "prd"}}));
  EXPECT_EQ(value, 0.5);
}

TEST(RenderSnapshot, TimestampsOnlyWhenAsked) {
  PublisherOptions options;
  EXPECT_THAT(render_snapshot(small_snapshot(), options), HasSubstr("engine=\"postgres\"} 40.25\n"));
  options.export_timestamps = true;
  const std::string text = render_snapshot(small_snapshot(), options);
  EXPECT_THAT(text, HasSubstr("engine=\"postgres\"} 40.25 1700000060000\n"));
  EXPECT_THAT(text, HasSubstr("db_cluster_identifier=\"aurora\",engine=\"aurora-postgresql\"} 2.5 1700000000000\n"));
  EXPECT_THAT(text, HasSubstr("deletion_protection=\"false\"} 1\n")) << "info has no datapoint, so no timestamp";
}

TEST(RenderSnapshot, OpenMetricsHasAnInfoFamilyQuotedHelpAndTimestampsInSeconds) {
  PublisherOptions options;
  options.export_timestamps = true;
  const std::string text = render_snapshot(small_snapshot(), options, exposition::Format::openmetrics);
  EXPECT_THAT(text, StartsWith("# HELP rds_instance What DescribeDBInstances reports about each watched RDS "
                               "instance, as labels; the value is always 1.\n# TYPE rds_instance info\n"
                               "rds_instance_info{"));
  EXPECT_THAT(text, HasSubstr("engine=\"postgres\"} 40.25 1700000060\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE rds_cpuutilization gauge\n"));
  EXPECT_THAT(text, Not(HasSubstr("# EOF"))) << "the page's end is the scrape's, after the self-metrics";
  // Apart from those, the same series as the 0.0.4 page.
  const std::string plain = render_snapshot(small_snapshot(), {});
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), std::count(plain.begin(), plain.end(), '\n'));
}

TEST(RenderSnapshot, TagKeysThatBecomeTheSameLabelAreWrittenOnce) {
  auto snapshot = small_snapshot();
  auto inventory = std::make_shared<discovery::Inventory>(*snapshot.inventory);
  inventory->instances[0].db.tags = {{"team.a", "first"}, {"team-a", "second"}};
  snapshot.inventory = inventory;
  const std::string text = render_snapshot(snapshot, {{"team.a", "team-a"}, false});
  EXPECT_THAT(text, HasSubstr("engine=\"postgres\",tag_team_a=\"first\"} 40.25\n"));
  EXPECT_THAT(text, Not(HasSubstr("second")));
}

TEST(RenderSnapshot, EmptyInventoryRendersNothing) {
  snapshot::Snapshot snapshot;
  EXPECT_EQ(render_snapshot(snapshot, tag_options()), "");
  snapshot.inventory = std::make_shared<discovery::Inventory>();
  EXPECT_EQ(render_snapshot(snapshot, tag_options()), "");
}

// The prometheus scheme: the same page with Prometheus's names, the statistic in them, and values in base units.
collection::Reading statistic_reading(MetricScope scope, std::string identifier, const MetricSpec& metric,
                                      std::string statistic, double value) {
  return {.key = {.source_identifier = std::move(identifier),
                  .metric = &metric,
                  .statistic = std::move(statistic),
                  .scope = scope},
          .timestamp = kT1,
          .value = value};
}

TEST(RenderSnapshot, ThePrometheusSchemeNamesByConventionAndScalesMilliseconds) {
  auto snapshot = small_snapshot();
  const auto& cpu = catalog_metric("CPUUtilization");
  const auto& commit_latency = catalog_metric("CommitLatency");
  snapshot.readings = {
      statistic_reading(MetricScope::instance, "orders", cpu, "Average", 40.25),
      statistic_reading(MetricScope::instance, "orders", cpu, "Maximum", 97.5),
      statistic_reading(MetricScope::instance, "aurora-writer", commit_latency, "Average", 12.5),
      statistic_reading(MetricScope::instance, "aurora-writer", commit_latency, "SampleCount", 60),
      statistic_reading(MetricScope::cluster, "aurora", catalog_metric("VolumeBytesUsed", MetricScope::cluster),
                        "Average", 1073741824),
  };
  constexpr char kOrders[] =
      R"(aws_account_id="123456789012",region="eu-west-1",db_instance_identifier="orders",engine="postgres")";
  constexpr char kWriter[] =
      R"(aws_account_id="123456789012",region="eu-west-1",db_instance_identifier="aurora-writer",)"
      R"(engine="aurora-postgresql")";
  constexpr char kCluster[] =
      R"(aws_account_id="123456789012",region="eu-west-1",db_cluster_identifier="aurora",engine="aurora-postgresql")";
  const std::string expected =
      "# HELP rds_commit_latency_samples Average duration of commit operations (CloudWatch AWS/RDS CommitLatency, "
      "statistic SampleCount, unit Milliseconds)\n"
      "# TYPE rds_commit_latency_samples gauge\n" +
      series("rds_commit_latency_samples", kWriter, "60") +
      "# HELP rds_commit_latency_seconds Average duration of commit operations (CloudWatch AWS/RDS CommitLatency, "
      "statistic Average, unit Milliseconds, shown in seconds: divided by 1000)\n"
      "# TYPE rds_commit_latency_seconds gauge\n" +
      series("rds_commit_latency_seconds", kWriter, "0.0125") +
      "# HELP rds_cpu_utilization_maximum_percent Percentage of CPU utilization (CloudWatch AWS/RDS CPUUtilization, "
      "statistic Maximum, unit Percent)\n"
      "# TYPE rds_cpu_utilization_maximum_percent gauge\n" +
      series("rds_cpu_utilization_maximum_percent", kOrders, "97.5") +
      "# HELP rds_cpu_utilization_percent Percentage of CPU utilization (CloudWatch AWS/RDS CPUUtilization, "
      "statistic Average, unit Percent)\n"
      "# TYPE rds_cpu_utilization_percent gauge\n" +
      series("rds_cpu_utilization_percent", kOrders, "40.25") +
      "# HELP rds_volume_used_bytes Storage used by the cluster volume (CloudWatch AWS/RDS VolumeBytesUsed, "
      "statistic Average, unit Bytes)\n"
      "# TYPE rds_volume_used_bytes gauge\n" +
      series("rds_volume_used_bytes", kCluster, "1073741824");
  const std::string text = render_snapshot(snapshot, {{}, false, NamingScheme::prometheus});
  const auto families = text.find("# HELP rds_commit_latency_samples");
  ASSERT_NE(families, std::string::npos) << text;
  EXPECT_THAT(text, StartsWith("# HELP rds_instance_info "));
  EXPECT_EQ(text.substr(families), expected);
  // The snapshot keeps CloudWatch's value; only the page is in seconds.
  EXPECT_EQ(snapshot.readings[2].value, 12.5);
  // The prototype's page of the same snapshot: CloudWatch's names and values, one family per metric.
  const std::string prototype = render_snapshot(snapshot, {});
  EXPECT_THAT(prototype, HasSubstr("rds_commitlatency{" + std::string(kWriter) + "} 12.5\n"));
  EXPECT_THAT(prototype, Not(HasSubstr("_seconds")));
}

// Every catalog metric at every kind of statistic and every seed metric, on one page: Prometheus's own linter
// and the OpenMetrics parser find nothing to say.
TEST(RenderSnapshot, PromtoolAcceptsEveryMetricInThePrometheusScheme) {
  auto snapshot = small_snapshot();
  snapshot.readings.clear();
  for (const auto& metric : catalog::metric_catalog()) {
    const bool cluster = metric.scope == MetricScope::cluster;
    for (const char* statistic : {"Average", "Maximum", "Minimum", "Sum", "SampleCount", "p99", "p99.9"}) {
      snapshot.readings.push_back(
          statistic_reading(metric.scope, cluster ? "aurora" : "orders", metric, statistic, 1500));
    }
  }
  for (const auto& seed : catalog::seed_metrics()) {
    snapshot.readings.push_back(statistic_reading(MetricScope::instance, "aurora-writer", seed.spec, "Average", 2));
  }
  const PublisherOptions options{{"env", "team"}, true, NamingScheme::prometheus};
  const std::string text = render_snapshot(snapshot, options);
  const auto result = testing::promtool_check_metrics(text);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "");
  const auto openmetrics = testing::openmetrics_check(render_snapshot(snapshot, options, exposition::Format::openmetrics) +
                                                      exposition::kOpenMetricsEof);
  EXPECT_EQ(openmetrics.exit_code, 0) << openmetrics.output;
  EXPECT_THAT(text, HasSubstr("# TYPE rds_commit_latency_p99_9_seconds gauge\n"));
  EXPECT_THAT(text, HasSubstr("rds_aurora_replica_lag_seconds{"));
  EXPECT_THAT(text, HasSubstr("} 1.5 1700000000000\n"));
}

// A fleet shaped like a real one: many instances and clusters across two regions, Aurora members, tags with
// characters Prometheus forbids in names and values that need escaping.
class Fleet {
 public:
  Fleet(int instances, int metrics_per_instance) {
    for (int m = 0; m < metrics_per_instance; ++m) {
      names_.push_back(m == 0 ? "EBSByteBalance%" : "Metric" + std::to_string(m) + "Name");
      specs_.push_back({.name = names_.back(), .unit = "Count", .description = "Help with \\ and\nnewline"});
    }
    cluster_specs_.push_back(kClusterCapacity);
    auto inventory = std::make_shared<discovery::Inventory>();
    for (int i = 0; i < instances; ++i) {
      auto instance = i % 3 == 0 ? aurora_writer_instance() : orders_instance();
      instance.db.identifier = "db-" + std::to_string(i);
      instance.region = i % 2 == 0 ? "eu-west-1" : "us-east-1";
      instance.db.tags.emplace_back("Owner Email", "ops+" + std::to_string(i) + "@example.com \"quoted\"");
      if (i % 3 == 0) instance.db.cluster_identifier = "cluster-" + std::to_string(i);
      inventory->instances.push_back(std::move(instance));
    }
    for (int i = 0; i < instances; i += 3) {
      auto cluster = aurora_cluster();
      cluster.db.identifier = "cluster-" + std::to_string(i);
      inventory->clusters.push_back(std::move(cluster));
    }
    snapshot_.inventory = inventory;
    for (const auto& instance : inventory->instances) {
      for (const auto& spec : specs_) {
        snapshot_.readings.push_back(reading(MetricScope::instance, instance.db.identifier, spec,
                                             static_cast<double>(snapshot_.readings.size()) / 7, kT1));
      }
    }
    for (const auto& cluster : inventory->clusters) {
      snapshot_.readings.push_back(reading(MetricScope::cluster, cluster.db.identifier, cluster_specs_[0], 4, kT2));
    }
    snapshot_.readings.push_back(reading(MetricScope::instance, "db-1", kInstanceCapacity, std::nan(""), kT2));
  }

  const snapshot::Snapshot& snapshot() const { return snapshot_; }

 private:
  // Deques, so that the specs' string_views and the readings' pointers stay put as they grow.
  std::deque<std::string> names_;
  std::deque<MetricSpec> specs_;
  std::deque<MetricSpec> cluster_specs_;
  snapshot::Snapshot snapshot_;
};

TEST(RenderSnapshot, PromtoolAcceptsABiggerFleetWithoutLintFindings) {
  const Fleet fleet(120, 8);
  for (const bool timestamps : {false, true}) {
    const std::string text = render_snapshot(fleet.snapshot(), {{"env", "team", "Owner Email"}, timestamps});
    const auto result = testing::promtool_check_metrics(text);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_EQ(result.output, "");
  }
}

TEST(RenderSnapshot, TheOfficialOpenMetricsParserAcceptsABiggerFleet) {
  const Fleet fleet(120, 8);
  for (const bool timestamps : {false, true}) {
    const std::string text =
        render_snapshot(fleet.snapshot(), {{"env", "team", "Owner Email"}, timestamps}, exposition::Format::openmetrics);
    const auto result = testing::openmetrics_check(text + exposition::kOpenMetricsEof);
    EXPECT_EQ(result.exit_code, 0) << result.output;
  }
}

TEST(RenderSnapshot, ThousandsOfInstancesRenderEverySeriesOnce) {
  constexpr int kInstances = 5000;
  constexpr int kMetrics = 20;
  const Fleet fleet(kInstances, kMetrics);
  const auto started = std::chrono::steady_clock::now();
  const std::string text = render_snapshot(fleet.snapshot(), {{"env", "team"}, false});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  const auto lines = std::count(text.begin(), text.end(), '\n');
  const int clusters = (kInstances + 2) / 3;
  // instance info + cluster info + metric series + cluster capacity + one instance capacity, plus HELP and TYPE
  // per family.
  EXPECT_EQ(lines, kInstances + clusters + kInstances * kMetrics + clusters + 1 + 2 * (2 + kMetrics + 1));
  // Tens of milliseconds in a release build; the bound only catches a rendering gone quadratic.
  EXPECT_LT(elapsed, 10s);
  RecordProperty("render_ms", static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
}

TEST(PrometheusPublisher, ServesAnEmptyPageBeforeTheFirstSnapshot) {
  const PrometheusPublisher publisher({});
  const RenderedPagePtr page = publisher.page();
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(page->text_of(exposition::Format::text), "");
  EXPECT_EQ(gunzip(exposition::gzip_join(page->deflated_of(exposition::Format::text), "")), "");
}

TEST(PrometheusPublisher, PublishesTheRenderedTextAndItsCompressedForm) {
  PrometheusPublisher publisher(tag_options());
  publisher.publish({std::make_shared<const snapshot::Snapshot>(small_snapshot())});
  const RenderedPagePtr page = publisher.page();
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(page->text_of(exposition::Format::text), render_snapshot(small_snapshot(), tag_options()));
  EXPECT_EQ(page->deflated_of(exposition::Format::text).size, page->text_of(exposition::Format::text).size());
  EXPECT_EQ(gunzip(exposition::gzip_join(page->deflated_of(exposition::Format::text), "tail 1\n")), page->text_of(exposition::Format::text) + "tail 1\n");
}

// Prometheus scrapes with gzip: a page nobody asked for as plain text keeps only the compressed form (a tenth of
// the size), and the first plain scrape gets the very same text back; from then on the next pages keep their text,
// until no plain scrape has come for PlainTextDemand::kKeepPages pages.
TEST(PrometheusPublisher, KeepsThePlainTextOnlyWhilePlainScrapesAskForIt) {
  PrometheusPublisher publisher(tag_options());
  const auto small = std::make_shared<const snapshot::Snapshot>(small_snapshot());
  const std::string expected = render_snapshot(small_snapshot(), tag_options());
  const std::string expected_openmetrics = render_snapshot(small_snapshot(), tag_options(), exposition::Format::openmetrics);
  publisher.publish({small});
  RenderedPagePtr page = publisher.page();
  EXPECT_FALSE(page->holds_text(exposition::Format::text));
  EXPECT_FALSE(page->holds_text(exposition::Format::openmetrics));
  EXPECT_EQ(gunzip(exposition::gzip_join(page->deflated_of(exposition::Format::openmetrics), "")), expected_openmetrics);
  EXPECT_EQ(page->text_of(exposition::Format::text), expected);
  EXPECT_TRUE(page->holds_text(exposition::Format::text));

  publisher.publish({small});
  page = publisher.page();
  EXPECT_TRUE(page->holds_text(exposition::Format::text)) << "a plain scrape came one page ago";
  EXPECT_FALSE(page->holds_text(exposition::Format::openmetrics));
  for (unsigned i = 0; i <= PlainTextDemand::kKeepPages; ++i) publisher.publish({small});
  EXPECT_FALSE(publisher.page()->holds_text(exposition::Format::text));
  EXPECT_EQ(publisher.page()->text_of(exposition::Format::openmetrics), expected_openmetrics);
}

// Prometheus asks for OpenMetrics only, and curl for the text format only: a format no scrape asked for within
// PlainTextDemand::kKeepPages pages (or yet) is not rendered with every page, only on its first scrape, which gets
// exactly what it would have got; from then on the pages render it again.
TEST(PrometheusPublisher, RendersAFormatNobodyScrapesOnlyOnItsFirstScrape) {
  PrometheusPublisher publisher(tag_options());
  auto small = std::make_shared<const snapshot::Snapshot>(small_snapshot());
  const std::string expected_openmetrics =
      render_snapshot(small_snapshot(), tag_options(), exposition::Format::openmetrics);
  // Before any scrape, neither format is rendered; a text scrape renders the text format from then on.
  publisher.publish({small});
  EXPECT_FALSE(publisher.page()->rendered(exposition::Format::text));
  EXPECT_FALSE(publisher.page()->rendered(exposition::Format::openmetrics));
  publisher.page()->deflated_of(exposition::Format::text);
  for (unsigned i = 0; i <= PlainTextDemand::kKeepPages; ++i) {
    publisher.publish({small});
    EXPECT_TRUE(publisher.page()->rendered(exposition::Format::text)) << i;
    EXPECT_FALSE(publisher.page()->rendered(exposition::Format::openmetrics)) << i;
  }
  RenderedPagePtr page = publisher.page();
  // The snapshot the page was made of, even once a newer one is out.
  small.reset();
  publisher.publish({std::make_shared<const snapshot::Snapshot>(snapshot::Snapshot{})});
  EXPECT_EQ(gunzip(exposition::gzip_join(page->deflated_of(exposition::Format::openmetrics), "")), expected_openmetrics);
  EXPECT_TRUE(page->rendered(exposition::Format::openmetrics));
  EXPECT_EQ(page->text_of(exposition::Format::openmetrics), expected_openmetrics);
  // Scraped once: the next pages render it with the others, until kKeepPages pages go without a scrape of it.
  for (unsigned i = 0; i <= PlainTextDemand::kKeepPages; ++i) {
    publisher.publish({std::make_shared<const snapshot::Snapshot>(small_snapshot())});
    EXPECT_TRUE(publisher.page()->rendered(exposition::Format::openmetrics)) << i;
    EXPECT_FALSE(publisher.page()->rendered(exposition::Format::text)) << i;
  }
  publisher.publish({std::make_shared<const snapshot::Snapshot>(small_snapshot())});
  EXPECT_FALSE(publisher.page()->rendered(exposition::Format::openmetrics));
}

// Many scrapes of a format waiting for its first one: rendered once, and every one of them gets the whole page.
TEST(RenderedPage, AFormatRenderedOnItsFirstScrapeIsRenderedOnceWhoeverAsks) {
  auto demand = std::make_shared<PlainTextDemand>();
  for (unsigned i = 0; i <= PlainTextDemand::kKeepPages; ++i) demand->published();
  std::atomic<int> renders{0};
  const RenderedPage::Writer render = [&renders](exposition::Format format, const TextSink* sink) {
    ++renders;
    std::string text = format == exposition::Format::openmetrics ? "om 1\n" : "text 1\n";
    if (!sink) return text;
    (*sink)(text);
    return std::string();
  };
  const RenderedPage empty;
  const RenderedPage text_first(empty, exposition::Format::text, render, demand);
  const RenderedPage page(text_first, exposition::Format::openmetrics, render, demand);
  EXPECT_EQ(renders.load(), 0);
  std::vector<std::thread> scrapes;
  std::atomic<int> whole{0};
  for (int i = 0; i < 4; ++i) {
    scrapes.emplace_back([&] {
      if (gunzip(exposition::gzip_join(page.deflated_of(exposition::Format::openmetrics), "")) == "om 1\n") ++whole;
    });
  }
  for (auto& scrape : scrapes) scrape.join();
  EXPECT_EQ(whole.load(), 4);
  EXPECT_EQ(renders.load(), 1);
  EXPECT_FALSE(page.rendered(exposition::Format::text));
  EXPECT_EQ(page.text_of(exposition::Format::text), "text 1\n");
  EXPECT_EQ(renders.load(), 2);
}

TEST(PrometheusPublisher, APageHeldByAScrapeSurvivesTheNextPublish) {
  PrometheusPublisher publisher(tag_options());
  publisher.publish({std::make_shared<const snapshot::Snapshot>(small_snapshot())});
  const RenderedPagePtr held = publisher.page();
  const std::string before = held->text_of(exposition::Format::text);
  publisher.publish({std::make_shared<const snapshot::Snapshot>(snapshot::Snapshot{})});
  EXPECT_EQ(publisher.page()->text_of(exposition::Format::text), "");
  EXPECT_EQ(held->text_of(exposition::Format::text), before);
}

// The same identifier in two accounts (every account has its "orders"): one family, one HELP and TYPE, the
// samples of each scope apart by their labels, in account order, and a page promtool accepts.
TEST(PrometheusPublisher, ScopesShareEachFamilyAndKeepTheirOwnLabels) {
  auto other = std::make_shared<discovery::Inventory>();
  discovery::WatchedInstance orders = orders_instance();
  orders.account_id = "999988887777";
  orders.region = "us-east-1";
  other->instances = {orders};
  snapshot::Snapshot second;
  second.inventory = other;
  second.readings = {reading(MetricScope::instance, "orders", kCpu, 7, kT2)};

  PrometheusPublisher publisher(tag_options());
  publisher.publish({std::make_shared<const snapshot::Snapshot>(small_snapshot()), nullptr,
                     std::make_shared<const snapshot::Snapshot>(second)});
  const std::string text = publisher.page()->text_of(exposition::Format::text);
  const auto count = [&](const std::string& needle) {
    std::size_t found = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++found;
    return found;
  };
  EXPECT_EQ(count("# TYPE rds_cpuutilization gauge"), 1u);
  EXPECT_EQ(count("# TYPE rds_instance_info gauge"), 1u);
  EXPECT_EQ(count("rds_instance_info{"), 3u);
  const auto first = text.find(std::string("rds_cpuutilization{") + kOrdersLabels + "} 40.25\n");
  const auto last = text.find(
      "rds_cpuutilization{aws_account_id=\"999988887777\",region=\"us-east-1\",db_instance_identifier=\"orders\"");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(last, std::string::npos);
  EXPECT_LT(first, last);
  const auto result = testing::promtool_check_metrics(text);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

collection::FactsPtr inventory_facts(std::string account) {
  auto facts = std::make_shared<collection::Facts>();
  collection::FactFamily storage{"rds_allocated_storage_bytes", "Storage allocated.", false, {}};
  storage.series.push_back({MetricScope::instance, "orders", {}, 107374182400});
  storage.series.push_back({MetricScope::instance, "gone", {}, 1});
  collection::FactFamily maintenance{"rds_pending_maintenance_actions", "Pending actions.", false, {}};
  maintenance.series.push_back({MetricScope::cluster, "aurora", {{"action", "system-update"}, {"description", "a \"b\""}}, 1});
  collection::FactFamily events{"rds_events_total", "Events.", true, {}};
  events.series.push_back(
      {MetricScope::instance, "", {{"aws_account_id", account}, {"region", "eu-west-1"}, {"event_category", "failover"}}, 2});
  facts->families = {std::move(storage), std::move(maintenance), std::move(events)};
  return facts;
}

// The inventory's facts: each family once across scopes, the instance and cluster series with the same labels as
// the collected ones, scope series with their own, departed sources left out, sorted among the collected families.
TEST(RenderSnapshot, FactsCarryTheSourcesLabelsAndJoinTheCollectedFamiliesInNameOrder) {
  auto snapshot = small_snapshot();
  snapshot.facts = {inventory_facts("123456789012")};
  const std::string text = render_snapshot(snapshot, tag_options());
  EXPECT_THAT(text, HasSubstr("# HELP rds_allocated_storage_bytes Storage allocated.\n"
                              "# TYPE rds_allocated_storage_bytes gauge\n" +
                              series("rds_allocated_storage_bytes", kOrdersLabels, "107374182400") +
                              "# HELP rds_cpuutilization "));
  EXPECT_THAT(text, Not(HasSubstr("\"gone\"")));
  EXPECT_THAT(text, HasSubstr("# TYPE rds_events_total counter\n"
                              R"(rds_events_total{aws_account_id="123456789012",region="eu-west-1",)"
                              R"(event_category="failover"} 2)"
                              "\n"));
  EXPECT_THAT(text, HasSubstr(std::string("rds_pending_maintenance_actions{") + kClusterLabels +
                              R"(,action="system-update",description="a \"b\""} 1)" + "\n"));
  EXPECT_LT(text.find("rds_events_total"), text.find("rds_pending_maintenance_actions"));
  EXPECT_LT(text.find("rds_pending_maintenance_actions"), text.find("rds_serverlessdatabasecapacity"));
  const auto result = testing::promtool_check_metrics(text);
  EXPECT_EQ(result.exit_code, 0) << result.output;

  // Two scopes: one HELP and TYPE per family.
  snapshot::Snapshot second;
  auto other = std::make_shared<discovery::Inventory>();
  discovery::WatchedInstance orders = orders_instance();
  orders.account_id = "999988887777";
  other->instances = {orders};
  second.inventory = other;
  second.facts = {inventory_facts("999988887777")};
  const std::string both = render_snapshots({std::make_shared<const snapshot::Snapshot>(snapshot),
                                             std::make_shared<const snapshot::Snapshot>(second)},
                                            tag_options());
  const auto count = [&](const std::string& needle) {
    std::size_t found = 0;
    for (auto at = both.find(needle); at != std::string::npos; at = both.find(needle, at + 1)) ++found;
    return found;
  };
  EXPECT_EQ(count("# TYPE rds_events_total counter"), 1u);
  EXPECT_EQ(count("rds_events_total{"), 2u);
  EXPECT_EQ(count("rds_allocated_storage_bytes{"), 2u);
  const auto checked = testing::promtool_check_metrics(both);
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  EXPECT_THAT(render_snapshots({std::make_shared<const snapshot::Snapshot>(snapshot)}, tag_options(),
                               exposition::Format::openmetrics),
              HasSubstr("# TYPE rds_events counter\n"));
}

TEST(PrometheusPublisher, ScrapesWhilePublishingAlwaysSeeAWholePage) {
  PrometheusPublisher publisher(tag_options());
  const auto small = std::make_shared<const snapshot::Snapshot>(small_snapshot());
  const std::string expected = render_snapshot(*small, tag_options());
  std::atomic<bool> done{false};
  std::thread publisher_thread([&] {
    for (int i = 0; i < 200; ++i) publisher.publish({small});
    done = true;
  });
  int torn = 0;
  while (!done) {
    const RenderedPagePtr page = publisher.page();
    if (!page->text_of(exposition::Format::text).empty() && page->text_of(exposition::Format::text) != expected) ++torn;
  }
  publisher_thread.join();
  EXPECT_EQ(torn, 0);
}

}  // namespace
}  // namespace rds_exporter::publishing
