#include "inventory/inventory_collector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::inventory {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

aws::DbInstance volume(std::string engine, std::string storage_type, std::int64_t gib,
                       std::optional<std::int64_t> iops = std::nullopt,
                       std::optional<std::int64_t> throughput = std::nullopt) {
  aws::DbInstance db;
  db.identifier = "orders";
  db.engine = std::move(engine);
  db.storage_type = std::move(storage_type);
  db.allocated_storage = gib;
  db.iops = iops;
  db.storage_throughput = throughput;
  return db;
}

// gp2: 3 IOPS per GiB between 100 and 16,000, bursting to 3,000 below 1,000 GiB; 128 MiB/s, 250 from 334 GiB.
TEST(StoragePerformance, Gp2ScalesWithSizeBetweenItsFloorAndCeiling) {
  auto small = storage_performance(volume("postgres", "gp2", 20));
  EXPECT_EQ(small.iops, 100);
  EXPECT_EQ(small.burst_iops, 3000);
  EXPECT_EQ(small.throughput_bytes_per_second, 128 * kMiB);
  auto medium = storage_performance(volume("mysql", "gp2", 500));
  EXPECT_EQ(medium.iops, 1500);
  EXPECT_EQ(medium.throughput_bytes_per_second, 250 * kMiB);
  auto large = storage_performance(volume("mysql", "gp2", 6000));
  EXPECT_EQ(large.iops, 16000);
  EXPECT_EQ(large.burst_iops, std::nullopt) << "at 1,000 GiB and above the baseline is at least the burst";
}

// gp3: what DescribeDBInstances reports wins; without it, 3,000 IOPS and 125 MiB/s below the engine's
// threshold (400 GiB, Oracle 200), 12,000 and 500 MiB/s above it; SQL Server stays at the lower baseline.
TEST(StoragePerformance, Gp3UsesTheReportedValuesElseTheEnginesThreshold) {
  EXPECT_EQ(storage_performance(volume("postgres", "gp3", 100)).iops, 3000);
  EXPECT_EQ(storage_performance(volume("postgres", "gp3", 100)).throughput_bytes_per_second, 125 * kMiB);
  EXPECT_EQ(storage_performance(volume("postgres", "gp3", 400)).iops, 12000);
  EXPECT_EQ(storage_performance(volume("postgres", "gp3", 400)).throughput_bytes_per_second, 500 * kMiB);
  EXPECT_EQ(storage_performance(volume("oracle-ee", "gp3", 200)).iops, 12000);
  EXPECT_EQ(storage_performance(volume("sqlserver-se", "gp3", 1000)).iops, 3000);
  const auto provisioned = storage_performance(volume("mysql", "gp3", 500, 15000, 750));
  EXPECT_EQ(provisioned.iops, 15000);
  EXPECT_EQ(provisioned.throughput_bytes_per_second, 750 * kMiB);
  EXPECT_EQ(provisioned.burst_iops, std::nullopt);
}

TEST(StoragePerformance, ProvisionedIopsVolumesAndAurora) {
  EXPECT_EQ(storage_performance(volume("postgres", "io1", 100, 1000)).throughput_bytes_per_second, 250 * kMiB);
  EXPECT_EQ(storage_performance(volume("postgres", "io1", 100, 10000)).throughput_bytes_per_second, 500 * kMiB);
  EXPECT_EQ(storage_performance(volume("postgres", "io1", 100, 40000)).throughput_bytes_per_second, 625 * kMiB);
  EXPECT_EQ(storage_performance(volume("postgres", "io2", 100, 10000)).throughput_bytes_per_second, 2560 * kMiB);
  EXPECT_EQ(storage_performance(volume("postgres", "io2", 100, 10000)).iops, 10000);
  const auto aurora = storage_performance(volume("aurora-postgresql", "aurora", 1));
  EXPECT_EQ(aurora.iops, std::nullopt);
  EXPECT_EQ(aurora.throughput_bytes_per_second, std::nullopt);
}

TEST(InstanceStatusCode, FollowsQontosCodes) {
  EXPECT_EQ(instance_status_code("available"), 1);
  EXPECT_EQ(instance_status_code("backing-up"), 2);
  EXPECT_EQ(instance_status_code("stopped"), 0);
  EXPECT_EQ(instance_status_code("storage-full"), -7);
  EXPECT_EQ(instance_status_code("restore-error"), -10);
  EXPECT_EQ(instance_status_code("renaming"), 20);
  EXPECT_EQ(instance_status_code("inaccessible-encryption-credentials"), -1);
}

TEST(EngineVersions, FamilyAndMajorVersionAsAwsNamesThem) {
  EXPECT_EQ(parameter_group_family("mysql", "8.0.35"), "mysql8.0");
  EXPECT_EQ(parameter_group_family("mariadb", "10.11.6"), "mariadb10.11");
  EXPECT_EQ(parameter_group_family("postgres", "16.4"), "postgres16");
  EXPECT_EQ(parameter_group_family("postgres", "9.6.24"), "postgres9.6");
  EXPECT_EQ(parameter_group_family("aurora-mysql", "8.0.mysql_aurora.3.05.2"), "aurora-mysql8.0");
  EXPECT_EQ(parameter_group_family("aurora-postgresql", "15.4"), "aurora-postgresql15");
  EXPECT_EQ(parameter_group_family("oracle-ee", "19.0.0.0.ru-2024-01.rur-2024-01.r1"), "");
  EXPECT_EQ(major_engine_version("postgres", "16.4"), "16");
  EXPECT_EQ(major_engine_version("mysql", "8.0.35"), "8.0");
  EXPECT_EQ(major_engine_version("aurora-mysql", "5.7.mysql_aurora.2.11.2"), "5.7");
  EXPECT_EQ(major_engine_version("postgres", "16"), "16");
}

}  // namespace
}  // namespace rds_exporter::inventory
