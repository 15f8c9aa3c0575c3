#include "catalog/metric_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace rds_exporter::catalog {
namespace {

using ::testing::Contains;

constexpr EngineFamily kRdsFamilies[] = {EngineFamily::mysql,  EngineFamily::mariadb,   EngineFamily::postgres,
                                         EngineFamily::oracle, EngineFamily::sqlserver, EngineFamily::db2};
constexpr EngineFamily kAuroraFamilies[] = {EngineFamily::aurora_mysql, EngineFamily::aurora_postgres};

const MetricSpec& instance_metric(std::string_view name) {
  const MetricSpec* metric = find_metric(name, MetricScope::instance);
  if (metric == nullptr) throw std::invalid_argument("no instance metric " + std::string(name));
  return *metric;
}

bool published(std::string_view name, EngineFamily family, unsigned conditions = kProvisioned) {
  return publishes(instance_metric(name), {family, conditions});
}

TEST(MetricCatalog, NamesFromOtherProjectsThatCloudWatchDoesNotHaveAreUnknown) {
  for (const char* name : {"InnoDBPoolHits", "InnoDBPoolReadRequests", "InnoDBPoolReads", "ThreadsRunning",
                           "DeadlocksCount", "IndexHitRatio", "TemporaryTables", "CheckpointDuration",
                           "WALWriteLatency", "ReplicationLag", "NetworkReceiveThouthput"}) {
    EXPECT_FALSE(is_known_metric(name)) << name;
  }
}

TEST(MetricCatalog, NamesMatchExactCase) {
  EXPECT_TRUE(is_known_metric("VolumeReadIOPs"));
  EXPECT_FALSE(is_known_metric("VolumeReadIOPS"));
  EXPECT_TRUE(is_known_metric("ReadIOPS"));
  EXPECT_FALSE(is_known_metric("ReadIOPs"));
  EXPECT_FALSE(is_known_metric("cpuutilization"));
  EXPECT_TRUE(is_known_metric("EBSByteBalance%"));
}

TEST(MetricCatalog, EveryRowHasANameUnitEnginesAndDescription) {
  std::set<std::pair<std::string_view, MetricScope>> seen;
  const std::set<std::string_view> units = {"Percent",      "Bytes",   "Bytes/Second", "Count",
                                            "Count/Second", "Seconds", "Milliseconds", "None"};
  for (const MetricSpec& metric : metric_catalog()) {
    EXPECT_FALSE(metric.name.empty());
    EXPECT_TRUE(seen.insert({metric.name, metric.scope}).second) << "listed twice: " << metric.name;
    EXPECT_TRUE(units.contains(metric.unit)) << metric.name << ": " << metric.unit;
    EXPECT_NE(metric.engines, 0u) << metric.name;
    EXPECT_FALSE(metric.description.empty()) << metric.name;
    EXPECT_TRUE(metric.resolution_seconds == 60 || metric.resolution_seconds == 300) << metric.name;
    EXPECT_EQ(find_metric(metric.name, metric.scope), &metric);
  }
}

TEST(MetricCatalog, MetricNamesAreUniqueAndCoverTheCatalog) {
  const std::vector<std::string> names = metric_names();
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  for (const MetricSpec& metric : metric_catalog()) EXPECT_THAT(names, Contains(std::string(metric.name)));
  EXPECT_THAT(names, Contains("ServerlessDatabaseCapacity"));
}

TEST(MetricCatalog, ClusterMetricsAreNotInstanceMetrics) {
  EXPECT_NE(find_metric("VolumeBytesUsed", MetricScope::cluster), nullptr);
  EXPECT_EQ(find_metric("VolumeBytesUsed", MetricScope::instance), nullptr);
  EXPECT_EQ(find_metric("CPUUtilization", MetricScope::cluster), nullptr);
  EXPECT_NE(find_metric("ServerlessDatabaseCapacity", MetricScope::cluster), nullptr);
  EXPECT_NE(find_metric("ServerlessDatabaseCapacity", MetricScope::instance), nullptr);
}

TEST(MetricCatalog, UnitsAreCloudWatchStandardUnits) {
  EXPECT_EQ(instance_metric("ReadLatency").unit, "Seconds");
  EXPECT_EQ(instance_metric("CommitLatency").unit, "Milliseconds");
  EXPECT_EQ(instance_metric("AuroraReplicaLag").unit, "Milliseconds");
  EXPECT_EQ(instance_metric("ReplicaLag").unit, "Seconds");
  EXPECT_EQ(instance_metric("EBSByteBalance%").unit, "Percent");
  EXPECT_EQ(instance_metric("BufferCacheHitRatio").unit, "Percent");
  EXPECT_EQ(instance_metric("Queries").unit, "Count/Second");
  EXPECT_EQ(instance_metric("NetworkReceiveThroughput").unit, "Bytes/Second");
  EXPECT_EQ(instance_metric("CPUCreditBalance").unit, "Count");
  EXPECT_EQ(instance_metric("DBLoad").unit, "None");
  EXPECT_EQ(find_metric("VolumeReadIOPs", MetricScope::cluster)->unit, "Count");
}

TEST(MetricCatalog, FiveMinuteMetricsSaySo) {
  EXPECT_EQ(instance_metric("CPUCreditUsage").resolution_seconds, 300);
  EXPECT_EQ(instance_metric("CPUCreditBalance").resolution_seconds, 300);
  EXPECT_EQ(find_metric("VolumeReadIOPs", MetricScope::cluster)->resolution_seconds, 300);
  EXPECT_EQ(find_metric("VolumeWriteIOPs", MetricScope::cluster)->resolution_seconds, 300);
  EXPECT_EQ(instance_metric("CPUUtilization").resolution_seconds, 60);
}

TEST(MetricCatalog, QueriesIsAuroraMySqlOnly) {
  EXPECT_TRUE(published("Queries", EngineFamily::aurora_mysql, kProvisioned | kAuroraWriter));
  EXPECT_TRUE(published("Queries", EngineFamily::aurora_mysql, kProvisioned | kAuroraReader));
  EXPECT_FALSE(published("Queries", EngineFamily::aurora_postgres));
  for (EngineFamily family : kRdsFamilies) EXPECT_FALSE(published("Queries", family)) << family_name(family);
}

TEST(MetricCatalog, BufferCacheHitRatioAndDeadlocksAreAuroraOnly) {
  for (const char* name : {"BufferCacheHitRatio", "Deadlocks"}) {
    for (EngineFamily family : kAuroraFamilies) EXPECT_TRUE(published(name, family)) << name;
    for (EngineFamily family : kRdsFamilies) EXPECT_FALSE(published(name, family)) << name << family_name(family);
  }
}

TEST(MetricCatalog, AuroraHasNoFreeStorageSpaceButFreeLocalStorage) {
  for (EngineFamily family : kAuroraFamilies) {
    EXPECT_FALSE(published("FreeStorageSpace", family)) << family_name(family);
    EXPECT_TRUE(published("FreeLocalStorage", family)) << family_name(family);
    EXPECT_FALSE(published("FreeLocalStorage", family, kServerless)) << family_name(family);
  }
  for (EngineFamily family : kRdsFamilies) EXPECT_TRUE(published("FreeStorageSpace", family)) << family_name(family);
}

TEST(MetricCatalog, RdsReportsLocalStorageOnlyOnInstanceStoreClasses) {
  EXPECT_FALSE(published("FreeLocalStorage", EngineFamily::mysql));
  EXPECT_TRUE(published("FreeLocalStorage", EngineFamily::mysql, kProvisioned | kLocalNvmeStorage));
  EXPECT_TRUE(published("ReadIOPSLocalStorage", EngineFamily::postgres, kLocalNvmeStorage));
  EXPECT_FALSE(published("ReadIOPSLocalStorage", EngineFamily::aurora_postgres, kLocalNvmeStorage));
}

TEST(MetricCatalog, AuroraPostgresReportsTransactionLogsOnTheWriterOnly) {
  EXPECT_TRUE(published("TransactionLogsDiskUsage", EngineFamily::postgres));
  EXPECT_TRUE(published("TransactionLogsDiskUsage", EngineFamily::postgres, kReadReplica));
  EXPECT_TRUE(published("TransactionLogsDiskUsage", EngineFamily::aurora_postgres, kAuroraWriter));
  EXPECT_FALSE(published("TransactionLogsDiskUsage", EngineFamily::aurora_postgres, kAuroraReader));
  EXPECT_FALSE(published("TransactionLogsDiskUsage", EngineFamily::mysql));
}

TEST(MetricCatalog, ConditionalMetricsNeedTheirCondition) {
  EXPECT_FALSE(published("ReplicaLag", EngineFamily::postgres));
  EXPECT_TRUE(published("ReplicaLag", EngineFamily::postgres, kReadReplica));
  EXPECT_FALSE(published("ReplicaLag", EngineFamily::aurora_postgres, kAuroraReader | kReadReplica));
  EXPECT_FALSE(published("CPUCreditBalance", EngineFamily::mysql));
  EXPECT_TRUE(published("CPUCreditBalance", EngineFamily::aurora_mysql, kBurstableClass));
  EXPECT_FALSE(published("BurstBalance", EngineFamily::mariadb));
  EXPECT_TRUE(published("BurstBalance", EngineFamily::mariadb, kGp2Storage));
  EXPECT_FALSE(published("DBLoad", EngineFamily::oracle));
  EXPECT_TRUE(published("DBLoad", EngineFamily::oracle, kPerformanceInsights));
  EXPECT_TRUE(published("DBLoad", EngineFamily::aurora_postgres, kPerformanceInsights));
  EXPECT_FALSE(published("AuroraReplicaLag", EngineFamily::aurora_mysql, kAuroraWriter));
  EXPECT_TRUE(published("AuroraReplicaLag", EngineFamily::aurora_mysql, kAuroraReader));
  EXPECT_FALSE(published("ACUUtilization", EngineFamily::aurora_mysql));
  EXPECT_TRUE(published("ACUUtilization", EngineFamily::aurora_mysql, kServerless));
}

TEST(MetricCatalog, SqlServerHasNoSwapUsage) {
  EXPECT_FALSE(published("SwapUsage", EngineFamily::sqlserver));
  EXPECT_TRUE(published("SwapUsage", EngineFamily::mariadb));
  EXPECT_TRUE(published("SwapUsage", EngineFamily::aurora_postgres));
}

}  // namespace
}  // namespace rds_exporter::catalog
