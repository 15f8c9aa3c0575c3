#include "sim/cloudwatch/metric_series.h"

#include "cloudwatch_fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace rds_exporter::sim::cloudwatch {
namespace {

class MetricSeriesTest : public ::testing::Test {
 protected:
  std::optional<MetricSeries> instance_series(std::string_view metric, std::string instance) {
    const Dimension dimensions[] = {{"DBInstanceIdentifier", std::move(instance)}};
    return find_series(fleet_, "AWS/RDS", metric, dimensions);
  }

  std::optional<MetricSeries> cluster_series(std::string_view metric, std::string cluster) {
    const Dimension dimensions[] = {{"DBClusterIdentifier", std::move(cluster)}};
    return find_series(fleet_, "AWS/RDS", metric, dimensions);
  }

  bool publishes(std::string_view metric, std::string instance) {
    return instance_series(metric, instance).has_value();
  }

  Fleet fleet_ = testing::test_fleet();
};

TEST_F(MetricSeriesTest, EnginesPublishOnlyTheirOwnMetrics) {
  EXPECT_FALSE(publishes("BinLogDiskUsage", "pg-prod-1"));
  EXPECT_TRUE(publishes("BinLogDiskUsage", "mysql-prod-1"));
  EXPECT_TRUE(publishes("MaximumUsedTransactionIDs", "pg-prod-1"));
  EXPECT_FALSE(publishes("MaximumUsedTransactionIDs", "mysql-prod-1"));
  EXPECT_TRUE(publishes("Queries", "orders-aurora-1"));
  EXPECT_FALSE(publishes("Queries", "pg-aurora-1"));
  EXPECT_FALSE(publishes("BufferCacheHitRatio", "pg-prod-1"));
  EXPECT_TRUE(publishes("BufferCacheHitRatio", "pg-aurora-1"));
}

TEST_F(MetricSeriesTest, NeptuneAndDocumentDbPublishNothingToAwsRds) {
  EXPECT_FALSE(publishes("CPUUtilization", "graph-1"));
  EXPECT_FALSE(cluster_series("VolumeBytesUsed", "graph").has_value());
}

TEST_F(MetricSeriesTest, VolumeBytesUsedAnswersForTheClusterDimensionOnly) {
  const auto series = cluster_series("VolumeBytesUsed", "orders-aurora");
  ASSERT_TRUE(series.has_value());
  EXPECT_EQ(series->source_id, "orders-aurora");
  EXPECT_EQ(series->dimension_name(), "DBClusterIdentifier");
  EXPECT_TRUE(cluster_series("VolumeBytesUsed", "pg-aurora").has_value());
  EXPECT_FALSE(publishes("VolumeBytesUsed", "orders-aurora-1"));
  EXPECT_FALSE(cluster_series("CPUUtilization", "orders-aurora").has_value());
  EXPECT_FALSE(cluster_series("VolumeBytesUsed", "no-such-cluster").has_value());
}

TEST_F(MetricSeriesTest, DimensionsMatchExactlyAsCloudWatchMatchesThem) {
  EXPECT_TRUE(publishes("CPUUtilization", "pg-prod-1"));
  EXPECT_FALSE(publishes("CPUUtilization", "PG-PROD-1"));
  EXPECT_FALSE(publishes("CPUUtilization", "no-such-db"));
  EXPECT_FALSE(publishes("cpuutilization", "pg-prod-1"));
  const Dimension lowercase_name[] = {{"dbinstanceidentifier", "pg-prod-1"}};
  EXPECT_FALSE(find_series(fleet_, "AWS/RDS", "CPUUtilization", lowercase_name));
  const Dimension two[] = {{"DBInstanceIdentifier", "pg-prod-1"}, {"Role", "WRITER"}};
  EXPECT_FALSE(find_series(fleet_, "AWS/RDS", "CPUUtilization", two));
  EXPECT_FALSE(find_series(fleet_, "AWS/RDS", "CPUUtilization", {}));
  const Dimension one[] = {{"DBInstanceIdentifier", "pg-prod-1"}};
  EXPECT_FALSE(find_series(fleet_, "AWS/EC2", "CPUUtilization", one));
}

TEST_F(MetricSeriesTest, RequirementsBeyondTheEngine) {
  EXPECT_TRUE(publishes("ReplicaLag", "pg-replica-1"));
  EXPECT_FALSE(publishes("ReplicaLag", "pg-prod-1"));
  EXPECT_TRUE(publishes("CPUCreditBalance", "pg-replica-1"));  // db.t3
  EXPECT_FALSE(publishes("CPUCreditBalance", "pg-prod-1"));
  EXPECT_TRUE(publishes("BurstBalance", "pg-replica-1"));  // gp2
  EXPECT_FALSE(publishes("BurstBalance", "pg-prod-1"));
  EXPECT_TRUE(publishes("DBLoad", "pg-prod-1"));
  EXPECT_FALSE(publishes("DBLoad", "pg-replica-1"));
  EXPECT_TRUE(publishes("FreeLocalStorage", "mysql-prod-1"));  // db.m6gd
  EXPECT_FALSE(publishes("FreeLocalStorage", "pg-prod-1"));
  EXPECT_TRUE(publishes("FreeLocalStorage", "orders-aurora-1"));  // every provisioned Aurora instance
  EXPECT_TRUE(publishes("AuroraReplicaLag", "orders-aurora-2"));
  EXPECT_FALSE(publishes("AuroraReplicaLag", "orders-aurora-1"));
  EXPECT_TRUE(publishes("AuroraReplicaLagMaximum", "orders-aurora-1"));
  EXPECT_FALSE(publishes("AuroraReplicaLagMaximum", "orders-aurora-2"));
  EXPECT_FALSE(publishes("DiskQueueDepthLogVolume", "pg-prod-1"));  // not simulated
}

TEST_F(MetricSeriesTest, AuroraMySqlMetricsFollowTheRelease) {
  EXPECT_TRUE(publishes("AuroraMemoryHealthState", "orders-aurora-1"));         // 3.07.1 >= 3.06.1
  EXPECT_FALSE(publishes("AuroraNumOomRecoveryTriggered", "orders-aurora-1"));  // needs 3.08.0
  EXPECT_TRUE(publishes("AuroraDMLRejectedWriterFull", "orders-aurora-1"));     // v3 writer
  EXPECT_FALSE(publishes("AuroraDMLRejectedMasterFull", "orders-aurora-1"));    // v2 only
}

TEST_F(MetricSeriesTest, AStoppedInstanceKeepsItsMetricsButPublishesNothing) {
  const auto series = instance_series("CPUUtilization", "mysql-stopped");
  ASSERT_TRUE(series.has_value());
  EXPECT_FALSE(series->publishing);
  EXPECT_TRUE(instance_series("CPUUtilization", "mysql-prod-1")->publishing);
}

TEST_F(MetricSeriesTest, AllSeriesListsInstancesThenClustersWithTheirDimensions) {
  const auto series = all_series(fleet_);
  ASSERT_FALSE(series.empty());
  const auto first_cluster = std::find_if(
      series.begin(), series.end(), [](const MetricSeries& s) { return s.metric->scope == MetricScope::kCluster; });
  ASSERT_NE(first_cluster, series.end());
  EXPECT_TRUE(std::all_of(first_cluster, series.end(),
                          [](const MetricSeries& s) { return s.dimension_name() == "DBClusterIdentifier"; }));
  EXPECT_TRUE(std::all_of(series.begin(), first_cluster,
                          [](const MetricSeries& s) { return s.dimension_name() == "DBInstanceIdentifier"; }));
  for (const MetricSeries& s : series) {
    const Dimension dimensions[] = {{std::string(s.dimension_name()), std::string(s.source_id)}};
    const auto found = find_series(fleet_, "AWS/RDS", s.metric->name, dimensions);
    ASSERT_TRUE(found.has_value()) << s.source_id << " " << s.metric->name;
    EXPECT_EQ(found->metric, s.metric);
  }
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
