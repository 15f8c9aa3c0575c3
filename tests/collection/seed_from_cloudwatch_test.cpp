#include "collection/seed_from_cloudwatch.h"

#include "catalog/metric_catalog.h"
#include "inventory_fixtures.h"

#include <gtest/gtest.h>

namespace rds_exporter::collection {
namespace {

using catalog::EngineFamily;
using catalog::MetricScope;

const auto kStamp = std::chrono::system_clock::time_point(std::chrono::seconds(1'764'000'000));

Reading cloudwatch_reading(const std::string& source, std::string_view metric, double value) {
  return {.key = {.source_identifier = source,
                  .metric = catalog::find_metric(metric, MetricScope::instance),
                  .statistic = "Average",
                  .scope = MetricScope::instance},
          .timestamp = kStamp,
          .value = value};
}

TEST(SeedFromCloudWatch, ReplicaLagOfAReadReplicaIsTheReplicationLag) {
  discovery::Inventory inventory;
  inventory.instances = {
      testing::watched_instance("replica", EngineFamily::postgres, catalog::kProvisioned | catalog::kReadReplica)};
  const auto derived =
      seed_readings_from_cloudwatch(std::vector{cloudwatch_reading("replica", "ReplicaLag", 4.5)}, inventory);
  ASSERT_EQ(derived.size(), 1u);
  EXPECT_EQ(derived[0].key.metric->name, "ReplicationLag");
  EXPECT_EQ(derived[0].key.source_identifier, "replica");
  EXPECT_EQ(derived[0].value, 4.5);
  EXPECT_EQ(derived[0].timestamp, kStamp);
}

TEST(SeedFromCloudWatch, AuroraReplicaLagIsConvertedToSeconds) {
  discovery::Inventory inventory;
  inventory.instances = {
      testing::watched_instance("reader", EngineFamily::aurora_mysql, catalog::kProvisioned | catalog::kAuroraReader)};
  const auto derived =
      seed_readings_from_cloudwatch(std::vector{cloudwatch_reading("reader", "AuroraReplicaLag", 1500)}, inventory);
  ASSERT_EQ(derived.size(), 1u);
  EXPECT_EQ(derived[0].key.metric->name, "ReplicationLag");
  EXPECT_DOUBLE_EQ(derived[0].value, 1.5);
}

TEST(SeedFromCloudWatch, AuroraMySqlDeadlocksAlsoFeedTheMySqlName) {
  discovery::Inventory inventory;
  inventory.instances = {testing::watched_instance("writer", EngineFamily::aurora_mysql),
                         testing::watched_instance("pg-writer", EngineFamily::aurora_postgres)};
  const auto derived = seed_readings_from_cloudwatch(
      std::vector{cloudwatch_reading("writer", "Deadlocks", 0.25), cloudwatch_reading("pg-writer", "Deadlocks", 0.5)},
      inventory);
  // Aurora PostgreSQL's Deadlocks already is the seed's rds_deadlocks; only Aurora MySQL needs the other name.
  ASSERT_EQ(derived.size(), 1u);
  EXPECT_EQ(derived[0].key.metric->name, "DeadlocksCount");
  EXPECT_EQ(derived[0].key.source_identifier, "writer");
}

TEST(SeedFromCloudWatch, OtherMetricsAndUnknownInstancesDeriveNothing) {
  discovery::Inventory inventory;
  inventory.instances = {testing::watched_instance("orders")};
  EXPECT_TRUE(seed_readings_from_cloudwatch(std::vector{cloudwatch_reading("orders", "CPUUtilization", 10),
                                                        cloudwatch_reading("gone", "ReplicaLag", 3)},
                                            inventory)
                  .empty());
}

}  // namespace
}  // namespace rds_exporter::collection
