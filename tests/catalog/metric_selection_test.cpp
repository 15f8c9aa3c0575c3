#include "catalog/metric_selection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rds_exporter::catalog {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAreArray;

std::vector<std::string> names_of(const std::vector<SelectedMetric>& selected) {
  std::vector<std::string> names;
  for (const SelectedMetric& metric : selected) names.emplace_back(metric.metric->name);
  return names;
}

std::vector<std::string> instance_metrics(const MetricSelection& selection, EngineFamily family, unsigned conditions) {
  return names_of(selection.for_source(MetricScope::instance, {family, conditions}));
}

const std::vector<std::string> kCommonMetrics = {"CPUUtilization",
                                                 "FreeableMemory",
                                                 "FreeStorageSpace",
                                                 "DatabaseConnections",
                                                 "ReadIOPS",
                                                 "WriteIOPS",
                                                 "ReadLatency",
                                                 "WriteLatency",
                                                 "DiskQueueDepth",
                                                 "ReadThroughput",
                                                 "WriteThroughput",
                                                 "NetworkReceiveThroughput",
                                                 "NetworkTransmitThroughput"};

std::vector<std::string> common_plus(std::vector<std::string> extra, bool aurora = false) {
  std::vector<std::string> names = kCommonMetrics;
  if (aurora) std::erase(names, "FreeStorageSpace");
  names.insert(names.end(), extra.begin(), extra.end());
  return names;
}

struct DefaultSetCase {
  std::string source;
  MetricScope scope;
  PublisherTraits traits;
  std::vector<std::string> expected;
};

class DefaultSelectionTest : public ::testing::TestWithParam<DefaultSetCase> {};

TEST_P(DefaultSelectionTest, CollectsExactlyTheLeanDefaultSet) {
  const MetricSelection selection{SelectionRules{}};
  EXPECT_THAT(names_of(selection.for_source(GetParam().scope, GetParam().traits)),
              UnorderedElementsAreArray(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    PerFamily, DefaultSelectionTest,
    ::testing::Values(
        DefaultSetCase{"postgres_primary",
                       MetricScope::instance,
                       {EngineFamily::postgres, kProvisioned},
                       common_plus({"SwapUsage", "MaximumUsedTransactionIDs", "OldestReplicationSlotLag",
                                    "TransactionLogsDiskUsage"})},
        DefaultSetCase{"mysql_read_replica_gp2_t3",
                       MetricScope::instance,
                       {EngineFamily::mysql, kProvisioned | kReadReplica | kGp2Storage | kBurstableClass},
                       common_plus({"SwapUsage", "ReplicaLag", "BinLogDiskUsage"})},
        DefaultSetCase{"aurora_mysql_writer",
                       MetricScope::instance,
                       {EngineFamily::aurora_mysql, kProvisioned | kAuroraWriter},
                       common_plus({"SwapUsage", "FreeLocalStorage", "BufferCacheHitRatio", "CommitLatency",
                                    "Deadlocks", "Queries"},
                                   true)},
        DefaultSetCase{
            "aurora_postgresql_reader",
            MetricScope::instance,
            {EngineFamily::aurora_postgres, kProvisioned | kAuroraReader},
            common_plus({"SwapUsage", "FreeLocalStorage", "MaximumUsedTransactionIDs", "OldestReplicationSlotLag",
                         "AuroraReplicaLag", "BufferCacheHitRatio", "CommitLatency", "Deadlocks"},
                        true)},
        DefaultSetCase{"sqlserver", MetricScope::instance, {EngineFamily::sqlserver, kProvisioned}, kCommonMetrics},
        DefaultSetCase{
            "aurora_cluster", MetricScope::cluster, {EngineFamily::aurora_postgres, kAlways}, {"VolumeBytesUsed"}}),
    [](const ::testing::TestParamInfo<DefaultSetCase>& info) { return info.param.source; });

TEST(MetricSelection, TheCommonMetricsAreCollectedForEveryRdsFamily) {
  const MetricSelection selection{SelectionRules{}};
  for (EngineFamily family : {EngineFamily::mysql, EngineFamily::mariadb, EngineFamily::postgres, EngineFamily::oracle,
                              EngineFamily::sqlserver, EngineFamily::db2}) {
    const std::vector<std::string> collected = instance_metrics(selection, family, kProvisioned);
    for (const std::string& name : kCommonMetrics) EXPECT_THAT(collected, Contains(name)) << family_name(family);
  }
}

TEST(MetricSelection, ClustersGetNoInstanceMetricsAndInstancesNoClusterMetrics) {
  const MetricSelection selection{SelectionRules{}};
  EXPECT_THAT(instance_metrics(selection, EngineFamily::aurora_mysql, kProvisioned | kAuroraWriter),
              Not(Contains("VolumeBytesUsed")));
  EXPECT_THAT(names_of(selection.for_source(MetricScope::cluster, {EngineFamily::aurora_mysql, kAlways})),
              Not(Contains("CPUUtilization")));
  EXPECT_THAT(names_of(selection.for_source(MetricScope::cluster, {EngineFamily::postgres, kAlways})), IsEmpty());
}

TEST(MetricSelection, AddedMetricsAreCollectedWhereAwsPublishesThem) {
  const MetricSelection selection{SelectionRules{.add = {"BurstBalance", "DBLoad", "VolumeReadIOPs"}}};
  EXPECT_THAT(instance_metrics(selection, EngineFamily::postgres, kGp2Storage | kPerformanceInsights),
              Contains("BurstBalance"));
  EXPECT_THAT(instance_metrics(selection, EngineFamily::postgres, kGp2Storage | kPerformanceInsights),
              Contains("DBLoad"));
  EXPECT_THAT(instance_metrics(selection, EngineFamily::postgres, kProvisioned), Not(Contains("BurstBalance")));
  EXPECT_THAT(instance_metrics(selection, EngineFamily::postgres, kProvisioned), Not(Contains("DBLoad")));
  EXPECT_THAT(names_of(selection.for_source(MetricScope::cluster, {EngineFamily::aurora_mysql, kAlways})),
              Contains("VolumeReadIOPs"));
}

TEST(MetricSelection, DroppedMetricsAreNotCollected) {
  const MetricSelection selection{SelectionRules{.drop = {"SwapUsage", "FreeStorageSpace"}}};
  const std::vector<std::string> collected = instance_metrics(selection, EngineFamily::mysql, kProvisioned);
  EXPECT_THAT(collected, Not(Contains("SwapUsage")));
  EXPECT_THAT(collected, Not(Contains("FreeStorageSpace")));
  EXPECT_THAT(collected, Contains("CPUUtilization"));
  EXPECT_THAT(names_of(selection.all()), Not(Contains("SwapUsage")));
}

TEST(MetricSelection, AddingAndDroppingApplyToBothScopesOfAName) {
  const MetricSelection added{SelectionRules{.add = {"ServerlessDatabaseCapacity"}}};
  EXPECT_THAT(instance_metrics(added, EngineFamily::aurora_postgres, kServerless | kAuroraWriter),
              Contains("ServerlessDatabaseCapacity"));
  EXPECT_THAT(names_of(added.for_source(MetricScope::cluster, {EngineFamily::aurora_postgres, kServerless})),
              Contains("ServerlessDatabaseCapacity"));
  EXPECT_THAT(names_of(added.for_source(MetricScope::cluster, {EngineFamily::aurora_postgres, kAlways})),
              Not(Contains("ServerlessDatabaseCapacity")));

  const MetricSelection dropped{
      SelectionRules{.add = {"ServerlessDatabaseCapacity"}, .drop = {"ServerlessDatabaseCapacity", "VolumeBytesUsed"}}};
  EXPECT_THAT(names_of(dropped.all()), Contains("ServerlessDatabaseCapacity"));
  EXPECT_THAT(names_of(dropped.all()), Not(Contains("VolumeBytesUsed")));
}

TEST(MetricSelection, StatisticsDefaultToTheConfiguredOneUnlessOverridden) {
  const MetricSelection selection{SelectionRules{
      .default_statistic = "Maximum", .add = {"DBLoad"}, .statistics = {{"CPUUtilization", "p99"}, {"DBLoad", "Sum"}}}};
  for (const SelectedMetric& selected : selection.all()) {
    if (selected.metric->name == "CPUUtilization") {
      EXPECT_EQ(selected.statistic, "p99");
    } else if (selected.metric->name == "DBLoad") {
      EXPECT_EQ(selected.statistic, "Sum");
    } else {
      EXPECT_EQ(selected.statistic, "Maximum") << selected.metric->name;
    }
  }
  EXPECT_EQ(MetricSelection{SelectionRules{}}.all().front().statistic, "Average");
}

TEST(MetricSelection, AllListsTheSelectionInCatalogOrder) {
  const MetricSelection selection{SelectionRules{}};
  std::vector<const MetricSpec*> expected;
  for (const MetricSpec& metric : metric_catalog()) {
    if (metric.collected_by_default) expected.push_back(&metric);
  }
  std::vector<const MetricSpec*> actual;
  for (const SelectedMetric& selected : selection.all()) actual.push_back(selected.metric);
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(selection.all().size(), 26u);  // each source gets the 13 to 20 of them its engine publishes
}

}  // namespace
}  // namespace rds_exporter::catalog
