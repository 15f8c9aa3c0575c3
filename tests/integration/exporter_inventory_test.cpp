// The inventory source end to end: rds_exporter against rds_sim's inventory fleet (tests/integration/fleets/
// inventory.yaml), with the shipped configuration. Each value is what the fleet implies, computed here: sizes in
// bytes, dates from rds_sim's start, and max_connections against AWS's published values for the default formulas
// (16 GiB PostgreSQL: about 1,800; Aurora MySQL db.r6g.large and xlarge: 1,000 and 2,000; Aurora PostgreSQL
// db.r6g.large: 1,722). The RDS calls are counted by rds_sim: one maintenance, one quota and one events call per
// discovery and scope, one parameter call per distinct group and refresh, never one per instance.
#include "../exposition/promtool_check.h"
#include "exporter_test_support.h"
#include "rds_sim_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

namespace rds_exporter::testing {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kDay = 86400.0;

class ExporterInventoryTest : public SharedExporterTest<ExporterInventoryTest> {
 public:
  static std::unique_ptr<RdsSimProcess> start_sim() {
    return std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, INVENTORY_FLEET);
  }
  static std::map<std::string, std::string> exporter_settings() {
    return {{"exporter.collection_interval", "3600"}, {"target.discovery_interval", "2"}};
  }
  static MetricsPage first_page(const ExporterProcess& exporter) {
    return exporter.wait_for("the inventory's series", [](const MetricsPage& page) {
      return page.has("rds_max_connections") && page.has("rds_account_quota_max") &&
             page.has("rds_pending_maintenance_actions");
    });
  }

 protected:
  static double value(const std::string& name, const std::string& id, Labels more = {}) {
    more["db_instance_identifier"] = id;
    return page_->value(name, more);
  }
};

TEST_F(ExporterInventoryTest, MaxConnectionsMatchesAwsPublishedValuesAndTheGroupsOwnValues) {
  // PostgreSQL's default on 16 GiB: about 1,800 (16 GiB / 9531392 = 1802 before what RDS reserves).
  EXPECT_THAT(value("rds_max_connections", "postgres-16gib"), ::testing::AllOf(::testing::Ge(1650), ::testing::Le(1802)));
  EXPECT_EQ(value("rds_max_connections", "postgres-512gib"), 5000) << "LEAST(..., 5000)";
  // MySQL's default on 16 GiB: 16 GiB / 12582880 = 1365 before the reserve.
  const double mysql = value("rds_max_connections", "mysql-16gib");
  EXPECT_THAT(mysql, ::testing::AllOf(::testing::Ge(1250), ::testing::Le(1365)));
  EXPECT_EQ(value("rds_max_connections", "postgres-literal"), 500);
  // The same 16 GiB over twice the divisor.
  EXPECT_NEAR(value("rds_max_connections", "mysql-formula"), mysql / 2, 1);
  EXPECT_EQ(value("rds_max_connections", "aurora-mysql-large"), 1000);
  EXPECT_EQ(value("rds_max_connections", "aurora-mysql-xlarge"), 2000);
  EXPECT_EQ(value("rds_max_connections", "aurora-mysql-cluster-value"), 2500) << "the cluster group's value";
  EXPECT_NEAR(value("rds_max_connections", "aurora-postgres-large"), 1722, 1722 * 0.03);
  EXPECT_EQ(value("rds_max_connections", "aurora-postgres-custom"), 1000) << "the custom group's LEAST(..., 1000)";
  EXPECT_FALSE(page_->has("rds_max_connections", {{"db_instance_identifier", "aurora-postgres-serverless"}}));
  EXPECT_EQ(page_->value("rds_exporter_max_connections_unresolved_total", {{"reason", "unknown_instance_class"}}), 1);
  EXPECT_EQ(page_->value("rds_exporter_max_connections_unresolved_total", {{"reason", "unknown_formula"}}), 0);
  EXPECT_FALSE(page_->has("rds_max_connections", {{"db_instance_identifier", "unwatched"}}));
}

TEST_F(ExporterInventoryTest, StorageAndBackupsAreWhatDescribeDBInstancesSays) {
  EXPECT_EQ(value("rds_allocated_storage_bytes", "postgres-16gib"), 500 * kGiB);
  EXPECT_EQ(value("rds_max_allocated_storage_bytes", "postgres-16gib"), 1000 * kGiB);
  EXPECT_FALSE(page_->has("rds_max_allocated_storage_bytes", {{"db_instance_identifier", "mysql-16gib"}}));
  // gp2, 500 GiB: 3 IOPS per GiB, bursting to 3,000, 250 MiB/s from 334 GiB.
  EXPECT_EQ(value("rds_allocated_disk_iops_average", "postgres-16gib"), 1500);
  EXPECT_EQ(value("rds_allocated_disk_burst_iops_average", "postgres-16gib"), 3000);
  EXPECT_EQ(value("rds_allocated_disk_throughput_bytes", "postgres-16gib"), 250 * kMiB);
  // gp3 below 400 GiB: 3,000 IOPS and 125 MiB/s; io1: its provisioned IOPS.
  EXPECT_EQ(value("rds_allocated_disk_iops_average", "mysql-16gib"), 3000);
  EXPECT_EQ(value("rds_allocated_disk_throughput_bytes", "mysql-16gib"), 125 * kMiB);
  EXPECT_EQ(value("rds_allocated_disk_iops_average", "postgres-512gib"), 40000);
  EXPECT_FALSE(page_->has("rds_allocated_storage_bytes", {{"db_instance_identifier", "aurora-mysql-large"}}));
  EXPECT_EQ(value("rds_backup_retention_period_seconds", "postgres-16gib"), 7 * kDay);
  EXPECT_EQ(value("rds_backup_retention_period_seconds", "mysql-16gib"), 0);
  EXPECT_EQ(value("rds_instance_status", "postgres-16gib"), 1);
  EXPECT_EQ(value("rds_instance_state_info", "postgres-16gib", {{"status", "available"}}), 1);
  EXPECT_EQ(value("rds_instance_creation_timestamp_seconds", "postgres-16gib"), 1704067200);
  EXPECT_EQ(page_->label_values("rds_cluster_info", "db_cluster_identifier"),
            (std::set<std::string>{"aurora-mysql-custom", "aurora-mysql-default", "aurora-postgres-default"}));
  EXPECT_FALSE(page_->has("rds_instance_info", {{"status", "available"}})) << "the status has its own series";
}

TEST_F(ExporterInventoryTest, DatesCountFromTheFleetsRelativeTimes) {
  const double start = sim_->clock().start;
  EXPECT_NEAR(value("rds_certificate_expiry_timestamp_seconds", "postgres-16gib"), start + 12 * kDay, 1.5);
  EXPECT_NEAR(value("rds_pending_maintenance_forced_apply_timestamp_seconds", "postgres-16gib", {{"action", "db-upgrade"}}),
              start + 9 * kDay, 1.5);
  EXPECT_NEAR(value("rds_pending_maintenance_auto_applied_after_timestamp_seconds", "postgres-16gib",
                    {{"action", "db-upgrade"}}),
              start + 3 * kDay, 1.5);
  EXPECT_EQ(value("rds_pending_maintenance_actions", "postgres-16gib", {{"action", "db-upgrade"}}), 1);
  // rds_sim's calendar: PostgreSQL 16's standard support ends with 2029-02-28, as AWS publishes
  // (LifecycleSupportEndDate 2029-02-28T23:59:59Z).
  EXPECT_EQ(value("rds_standard_support_end_timestamp_seconds", "postgres-16gib", {{"engine_version", "16.4"}}),
            1867017599);
}

TEST_F(ExporterInventoryTest, QuotasAndEventsOfTheScope) {
  EXPECT_EQ(page_->value("rds_account_quota_max", {{"quota", "DBInstances"}}), 14);
  EXPECT_EQ(page_->value("rds_account_quota_used", {{"quota", "DBInstances"}}),
            static_cast<double>(fleet_.instances.size()));
  EXPECT_EQ(page_->value("rds_quota_max_dbinstances_average"), 14);
  EXPECT_GE(page_->value("rds_events_total", {{"source_type", "db-cluster"}, {"event_category", "failover"}}), 1)
      << "the failover two minutes before rds_sim started";
  EXPECT_EQ(page_->value("rds_events_total", {{"source_type", "db-instance"}, {"event_category", "failure"}}), 0)
      << "every category exists from the start";
}

// RDS calls: the scope-wide ones once per discovery, the parameter groups once per distinct group and refresh.
TEST_F(ExporterInventoryTest, CallsAreTheMinimumPerDiscoveryAndPerDistinctGroup) {
  const auto count = [&](const char* operation) { return sim_->request_count("rds", operation, "200"); };
  int discoveries = 0;
  for (int attempt = 0; attempt < 200; ++attempt) {
    discoveries = count("DescribeDBInstances");
    if (discoveries >= 3 && count("DescribePendingMaintenanceActions") == discoveries &&
        count("DescribeAccountAttributes") == discoveries && count("DescribeEvents") == discoveries) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GE(discoveries, 3) << sim_->stats().dump();
  EXPECT_EQ(count("DescribePendingMaintenanceActions"), discoveries) << sim_->stats().dump();
  EXPECT_EQ(count("DescribeAccountAttributes"), discoveries);
  EXPECT_EQ(count("DescribeEvents"), discoveries);
  // default.postgres16, default.mysql8.0, pg-500, mysql-half, default.aurora-mysql8.0, default.aurora-postgresql16,
  // apg-1000: seven groups for twelve watched instances; unwatched-pg is never read.
  EXPECT_EQ(count("DescribeDBParameters"), 7) << sim_->stats().dump();
  // aurora-mysql-cluster-2500 and the two default cluster groups.
  EXPECT_EQ(count("DescribeDBClusterParameters"), 3);
  EXPECT_EQ(count("DescribeDBMajorEngineVersions"), 1);
  const int defaults = count("DescribeEngineDefaultParameters");
  EXPECT_GE(defaults, 4) << "postgres16, mysql8.0, aurora-mysql8.0, aurora-postgresql16";
  const auto page = promtool_check_metrics(exporter_->scrape().text());
  EXPECT_EQ(page.exit_code, 0) << page.output;
  EXPECT_EQ(count("DescribeEngineDefaultParameters"), defaults) << "once a day, not per discovery";
}

}  // namespace
}  // namespace rds_exporter::testing
