#include "sim/cloudwatch/metric_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr EngineFamily kAllFamilies[] = {
    EngineFamily::kMySql,     EngineFamily::kMariaDb, EngineFamily::kPostgres,    EngineFamily::kOracle,
    EngineFamily::kSqlServer, EngineFamily::kDb2,     EngineFamily::kAuroraMySql, EngineFamily::kAuroraPostgres};

bool exists(std::string_view name, EngineFamily family, MetricScope scope = MetricScope::kInstance) {
  return find_metric(name, scope, family) != nullptr;
}

TEST(EngineFamily, FollowsTheEngineNamesRdsReports) {
  EXPECT_EQ(engine_family("postgres"), EngineFamily::kPostgres);
  EXPECT_EQ(engine_family("aurora-postgresql"), EngineFamily::kAuroraPostgres);
  EXPECT_EQ(engine_family("aurora-mysql"), EngineFamily::kAuroraMySql);
  EXPECT_EQ(engine_family("mysql"), EngineFamily::kMySql);
  EXPECT_EQ(engine_family("mariadb"), EngineFamily::kMariaDb);
  EXPECT_EQ(engine_family("oracle-ee-cdb"), EngineFamily::kOracle);
  EXPECT_EQ(engine_family("custom-oracle-se2"), EngineFamily::kOracle);
  EXPECT_EQ(engine_family("sqlserver-ex"), EngineFamily::kSqlServer);
  EXPECT_EQ(engine_family("custom-sqlserver-ee"), EngineFamily::kSqlServer);
  EXPECT_EQ(engine_family("db2-se"), EngineFamily::kDb2);
  EXPECT_EQ(engine_family("neptune"), std::nullopt);
  EXPECT_EQ(engine_family("docdb"), std::nullopt);
}

TEST(MetricCatalog, EveryRowIsWellFormed) {
  const std::set<std::string_view> standard_units = {"Seconds", "Milliseconds", "Bytes",        "Bytes/Second",
                                                     "Percent", "Count",        "Count/Second", "None"};
  std::set<std::pair<std::string_view, int>> seen;
  for (const MetricDefinition& metric : metric_definitions()) {
    SCOPED_TRACE(std::string(metric.name));
    EXPECT_TRUE(standard_units.contains(metric.unit));
    EXPECT_NE(metric.engines, 0u);
    EXPECT_LE(metric.range.low, metric.range.high);
    EXPECT_TRUE(metric.resolution_seconds == 60 || metric.resolution_seconds == 300);
    // A name and scope may repeat only for disjoint engines (find_metric picks by engine).
    for (const EngineFamily family : kAllFamilies) {
      if ((metric.engines & engine_set(family)) == 0) continue;
      EXPECT_EQ(find_metric(metric.name, metric.scope, family), &metric);
    }
    seen.insert({metric.name, static_cast<int>(metric.scope)});
  }
  EXPECT_GE(seen.size(), 130u);
}

TEST(MetricCatalog, TheCommonMetricsExistForEveryEngine) {
  for (const char* name : {"CPUUtilization", "FreeableMemory", "DatabaseConnections", "ReadIOPS", "WriteIOPS",
                           "ReadLatency", "WriteLatency", "DiskQueueDepth", "ReadThroughput", "WriteThroughput",
                           "NetworkReceiveThroughput", "NetworkTransmitThroughput"}) {
    for (const EngineFamily family : kAllFamilies) EXPECT_TRUE(exists(name, family)) << name;
  }
  // Aurora storage is the cluster volume, not a per-instance disk.
  EXPECT_TRUE(exists("FreeStorageSpace", EngineFamily::kPostgres));
  EXPECT_FALSE(exists("FreeStorageSpace", EngineFamily::kAuroraPostgres));
}

TEST(MetricCatalog, NamesThatAreNotCloudWatchMetricsAreAbsent) {
  for (const char* name : {"InnoDBPoolHits", "InnoDBPoolReadRequests", "InnoDBPoolReads", "DeadlocksCount",
                           "ThreadsRunning", "IndexHitRatio", "TemporaryTables", "CheckpointDuration",
                           "WALWriteLatency", "ReplicationLag", "NetworkReceiveThouthput"}) {
    EXPECT_FALSE(is_rds_metric(name)) << name;
  }
}

TEST(MetricCatalog, AuroraOnlyMetricsAreNotPublishedByRdsEngines) {
  for (const char* name : {"BufferCacheHitRatio", "Deadlocks", "CommitLatency"}) {
    EXPECT_TRUE(exists(name, EngineFamily::kAuroraMySql)) << name;
    EXPECT_TRUE(exists(name, EngineFamily::kAuroraPostgres)) << name;
    EXPECT_FALSE(exists(name, EngineFamily::kPostgres)) << name;
    EXPECT_FALSE(exists(name, EngineFamily::kMySql)) << name;
  }
  EXPECT_TRUE(exists("Queries", EngineFamily::kAuroraMySql));
  EXPECT_FALSE(exists("Queries", EngineFamily::kMySql));
  EXPECT_FALSE(exists("Queries", EngineFamily::kAuroraPostgres));
  EXPECT_FALSE(exists("ActiveTransactions", EngineFamily::kPostgres));
}

TEST(MetricCatalog, EngineSpecificMetrics) {
  EXPECT_TRUE(exists("BinLogDiskUsage", EngineFamily::kMySql));
  EXPECT_TRUE(exists("BinLogDiskUsage", EngineFamily::kMariaDb));
  EXPECT_FALSE(exists("BinLogDiskUsage", EngineFamily::kPostgres));
  EXPECT_TRUE(exists("MaximumUsedTransactionIDs", EngineFamily::kPostgres));
  EXPECT_TRUE(exists("MaximumUsedTransactionIDs", EngineFamily::kAuroraPostgres));
  EXPECT_FALSE(exists("MaximumUsedTransactionIDs", EngineFamily::kMySql));
  EXPECT_TRUE(exists("TempDbDataFileUsage", EngineFamily::kSqlServer));
  EXPECT_FALSE(exists("SwapUsage", EngineFamily::kSqlServer));
}

TEST(MetricCatalog, ClusterMetricsAnswerOnlyAtClusterScope) {
  for (const EngineFamily family : {EngineFamily::kAuroraMySql, EngineFamily::kAuroraPostgres}) {
    EXPECT_TRUE(exists("VolumeBytesUsed", family, MetricScope::kCluster));
    EXPECT_FALSE(exists("VolumeBytesUsed", family, MetricScope::kInstance));
    EXPECT_FALSE(exists("CPUUtilization", family, MetricScope::kCluster));
  }
  EXPECT_FALSE(exists("VolumeBytesUsed", EngineFamily::kPostgres, MetricScope::kCluster));
  EXPECT_TRUE(exists("AuroraVolumeBytesLeftTotal", EngineFamily::kAuroraMySql, MetricScope::kCluster));
  EXPECT_FALSE(exists("AuroraVolumeBytesLeftTotal", EngineFamily::kAuroraPostgres, MetricScope::kCluster));
}

TEST(MetricCatalog, UnitsAreThoseCloudWatchReports) {
  const auto unit = [](std::string_view name, EngineFamily family) {
    return find_metric(name, MetricScope::kInstance, family)->unit;
  };
  EXPECT_EQ(unit("ReadLatency", EngineFamily::kPostgres), "Seconds");
  EXPECT_EQ(unit("ReadLatency", EngineFamily::kAuroraMySql), "Seconds");
  EXPECT_EQ(unit("CommitLatency", EngineFamily::kAuroraMySql), "Milliseconds");
  EXPECT_EQ(unit("ReplicaLag", EngineFamily::kMySql), "Seconds");
  EXPECT_EQ(unit("AuroraReplicaLag", EngineFamily::kAuroraPostgres), "Milliseconds");
  EXPECT_EQ(unit("BufferCacheHitRatio", EngineFamily::kAuroraPostgres), "Percent");
  EXPECT_EQ(unit("Queries", EngineFamily::kAuroraMySql), "Count/Second");
  EXPECT_EQ(unit("DBLoad", EngineFamily::kPostgres), "None");
  EXPECT_EQ(find_metric("VolumeReadIOPs", MetricScope::kCluster, EngineFamily::kAuroraMySql)->resolution_seconds, 300);
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
