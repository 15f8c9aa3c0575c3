#include "inventory/inventory_collector.h"

#include "inventory/parameter_formula.h"

#include "../aws/services/fake_rds.h"

#include <algorithm>
#include <functional>
#include <mutex>

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

namespace rds_exporter::inventory {
namespace {

using namespace std::chrono_literals;

using testing::FakeRds;

std::string response(const std::string& action, const std::string& result) {
  return "<" + action + "Response xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><" + action + "Result>" + result +
         "</" + action + "Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + action +
         "Response>";
}

common::HttpResponse ok(const std::string& action, const std::string& result) {
  return common::HttpResponse{200, {}, response(action, result)};
}

std::string parameters(const std::vector<std::pair<std::string, std::string>>& values, const std::string& source) {
  std::string xml = "<Parameters>";
  for (const auto& [name, value] : values) {
    xml += "<Parameter><ParameterName>" + name + "</ParameterName><ParameterValue>" + value +
           "</ParameterValue><Source>" + source + "</Source><ApplyType>static</ApplyType><DataType>integer</DataType>"
           "<IsModifiable>true</IsModifiable></Parameter>";
  }
  return xml + "</Parameters>";
}

constexpr char kMysqlFormula[] = "{DBInstanceClassMemory/12582880}";
constexpr char kPostgresFormula[] = "LEAST({DBInstanceClassMemory/9531392},5000)";

discovery::WatchedInstance watched(std::string id, std::string engine, std::string version, std::string group,
                                   std::optional<std::string> cluster = std::nullopt) {
  discovery::WatchedInstance instance;
  instance.account_id = "123456789012";
  instance.region = "eu-west-1";
  instance.db.identifier = std::move(id);
  instance.db.arn = "arn:aws:rds:eu-west-1:123456789012:db:" + instance.db.identifier;
  instance.db.engine = std::move(engine);
  // As discovery derives it.
  instance.family = *catalog::engine_family(instance.db.engine);
  instance.db.engine_version = std::move(version);
  instance.db.instance_class = "db.r6g.large";
  instance.db.status = "available";
  instance.db.storage_type = instance.db.engine.starts_with("aurora") ? "aurora" : "gp3";
  instance.db.allocated_storage = 100;
  instance.db.parameter_groups = {{std::move(group), "in-sync"}};
  instance.db.cluster_identifier = std::move(cluster);
  return instance;
}

const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'780'000'000)};

class InventoryCollectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rds_.on("DescribePendingMaintenanceActions", [](const std::string&) {
      return ok("DescribePendingMaintenanceActions",
                "<PendingMaintenanceActions><ResourcePendingMaintenanceActions>"
                "<ResourceIdentifier>arn:aws:rds:eu-west-1:123456789012:db:orders</ResourceIdentifier>"
                "<PendingMaintenanceActionDetails><PendingMaintenanceAction><Action>system-update</Action>"
                "<ForcedApplyDate>2026-06-01T00:00:00Z</ForcedApplyDate><Description>New OS</Description>"
                "</PendingMaintenanceAction></PendingMaintenanceActionDetails></ResourcePendingMaintenanceActions>"
                "</PendingMaintenanceActions>");
    });
    rds_.on("DescribeAccountAttributes", [this](const std::string&) {
      if (quotas_fail_) return common::HttpResponse{403, {}, testing::query_error("AccessDenied", "no")};
      return ok("DescribeAccountAttributes",
                "<AccountQuotas><AccountQuota><AccountQuotaName>DBInstances</AccountQuotaName><Used>38</Used>"
                "<Max>40</Max></AccountQuota><AccountQuota><AccountQuotaName>AllocatedStorage</AccountQuotaName>"
                "<Used>500</Used><Max>100000</Max></AccountQuota></AccountQuotas>");
    });
    rds_.on("DescribeEvents", [this](const std::string&) {
      std::string xml = "<Events>";
      for (const auto& event : events_) xml += event;
      return ok("DescribeEvents", xml + "</Events>");
    });
    rds_.on("DescribeDBMajorEngineVersions", [](const std::string&) {
      return ok("DescribeDBMajorEngineVersions",
                "<DBMajorEngineVersions><DBMajorEngineVersion><Engine>postgres</Engine>"
                "<MajorEngineVersion>16</MajorEngineVersion><SupportedEngineLifecycles><SupportedEngineLifecycle>"
                "<LifecycleSupportName>open-source-rds-standard-support</LifecycleSupportName>"
                "<LifecycleSupportStartDate>2023-11-17T00:00:00Z</LifecycleSupportStartDate>"
                "<LifecycleSupportEndDate>2029-02-28T00:00:00Z</LifecycleSupportEndDate></SupportedEngineLifecycle>"
                "</SupportedEngineLifecycles></DBMajorEngineVersion></DBMajorEngineVersions>");
    });
    rds_.on("DescribeDBParameters", [](const std::string& body) {
      const std::string group = FakeRds::value_of(body, "DBParameterGroupName");
      if (group == "orders-pg") return ok("DescribeDBParameters", parameters({{"work_mem", "8192"}}, "user"));
      if (group == "billing-mysql") return ok("DescribeDBParameters", parameters({{"max_connections", "500"}}, "user"));
      if (group == "odd-mysql") {
        return ok("DescribeDBParameters", parameters({{"max_connections", "{DBInstanceClassMemory/FOO}"}}, "user"));
      }
      return ok("DescribeDBParameters", "<Parameters/>");
    });
    rds_.on("DescribeDBClusterParameters", [](const std::string&) {
      return ok("DescribeDBClusterParameters", parameters({{"max_connections", "1200"}}, "user"));
    });
    rds_.on("DescribeEngineDefaultParameters", [](const std::string& body) {
      const std::string family = FakeRds::value_of(body, "DBParameterGroupFamily");
      const std::string formula = family.starts_with("postgres") ? kPostgresFormula : kMysqlFormula;
      return ok("DescribeEngineDefaultParameters",
                "<EngineDefaults><DBParameterGroupFamily>" + family + "</DBParameterGroupFamily>" +
                    parameters({{"max_connections", formula}}, "engine-default") + "</EngineDefaults>");
    });
  }

  collection::FactsPtr run(const discovery::Inventory& inventory, std::chrono::system_clock::time_point now) {
    return collector_.collect(inventory, now);
  }

  static discovery::Inventory fleet() {
    discovery::Inventory inventory;
    inventory.instances = {watched("orders", "postgres", "16.4", "orders-pg"),
                           watched("orders-replica", "postgres", "16.4", "orders-pg"),
                           watched("billing", "mysql", "8.0.35", "billing-mysql"),
                           watched("search", "mysql", "8.0.35", "default.mysql8.0"),
                           watched("aurora-1", "aurora-mysql", "8.0.mysql_aurora.3.05.2", "default.aurora-mysql8.0",
                                   "aurora")};
    discovery::WatchedCluster cluster;
    cluster.db.identifier = "aurora";
    cluster.db.engine = "aurora-mysql";
    cluster.db.parameter_group = "aurora-cluster-params";
    inventory.clusters = {cluster};
    return inventory;
  }

  static std::optional<double> value(const collection::Facts& facts, std::string_view family,
                                     std::string_view identifier = {},
                                     std::vector<std::pair<std::string, std::string>> labels = {}) {
    for (const auto& candidate : facts.families) {
      if (candidate.name != family) continue;
      for (const auto& series : candidate.series) {
        if (series.source_identifier != identifier) continue;
        const bool all = std::all_of(labels.begin(), labels.end(), [&](const auto& wanted) {
          return std::find(series.labels.begin(), series.labels.end(), wanted) != series.labels.end();
        });
        if (all) return series.value;
      }
    }
    return std::nullopt;
  }

  FakeRds rds_;
  std::vector<std::string> events_;
  bool quotas_fail_ = false;
  aws::RdsClient client_ = testing::rds_client_over(rds_);
  InventoryCollector collector_{client_, {"123456789012", "eu-west-1"}, {3600s, 86400s, 900s}};
};

// One run: one maintenance, one quota, one events and one engine-versions call for the scope; one parameter call
// per distinct group (five instances, four groups), never one per instance; one defaults call per family.
TEST_F(InventoryCollectorTest, CallsPerScopeAndPerDistinctGroupNeverPerInstance) {
  const auto inventory = fleet();
  run(inventory, kNow);
  EXPECT_EQ(rds_.calls("DescribePendingMaintenanceActions"), 1);
  EXPECT_EQ(rds_.calls("DescribeAccountAttributes"), 1);
  EXPECT_EQ(rds_.calls("DescribeEvents"), 1);
  EXPECT_EQ(rds_.calls("DescribeDBMajorEngineVersions"), 1);
  EXPECT_EQ(rds_.calls("DescribeDBParameters"), 4);
  EXPECT_EQ(rds_.calls("DescribeDBClusterParameters"), 1);
  EXPECT_EQ(rds_.calls("DescribeEngineDefaultParameters"), 3);
  for (const auto& body : rds_.bodies("DescribeDBParameters")) EXPECT_THAT(body, ::testing::HasSubstr("Source=user"));

  // The next discovery, minutes later: the per-discovery calls again, nothing else.
  run(inventory, kNow + 5min);
  EXPECT_EQ(rds_.calls("DescribeAccountAttributes"), 2);
  EXPECT_EQ(rds_.calls("DescribeDBParameters"), 4);
  EXPECT_EQ(rds_.calls("DescribeEngineDefaultParameters"), 3);
  EXPECT_EQ(rds_.calls("DescribeDBMajorEngineVersions"), 1);

  // An hour on, the groups are read again; the families' defaults and the calendar wait for their day.
  run(inventory, kNow + 61min);
  EXPECT_EQ(rds_.calls("DescribeDBParameters"), 8);
  EXPECT_EQ(rds_.calls("DescribeDBClusterParameters"), 2);
  EXPECT_EQ(rds_.calls("DescribeEngineDefaultParameters"), 3);
  EXPECT_EQ(rds_.calls("DescribeDBMajorEngineVersions"), 1);
}

// max_connections as AWS resolves it: the instance group's user value, else the Aurora cluster group's, else the
// family's default formula on the class's memory.
TEST_F(InventoryCollectorTest, MaxConnectionsFollowsTheGroupsThenTheFamilysFormula) {
  const auto facts = run(fleet(), kNow);
  const auto variables = formula_variables_for_instance_class("db.r6g.large");
  ASSERT_TRUE(variables);
  const double postgres = *evaluate_parameter(kPostgresFormula, *variables);
  const double mysql = *evaluate_parameter(kMysqlFormula, *variables);
  EXPECT_GT(postgres, 1600);
  EXPECT_LT(postgres, 1810);
  EXPECT_EQ(value(*facts, "rds_max_connections", "orders"), postgres);
  EXPECT_EQ(value(*facts, "rds_max_connections", "orders-replica"), postgres);
  EXPECT_EQ(value(*facts, "rds_max_connections", "billing"), 500);
  EXPECT_EQ(value(*facts, "rds_max_connections", "search"), mysql);
  EXPECT_EQ(value(*facts, "rds_max_connections", "aurora-1"), 1200) << "the cluster group's value";
}

TEST_F(InventoryCollectorTest, AFormulaItCannotEvaluateLeavesTheSeriesOutAndIsCounted) {
  auto inventory = fleet();
  inventory.instances.push_back(watched("odd", "mysql", "8.0.35", "odd-mysql"));
  auto facts = run(inventory, kNow);
  EXPECT_EQ(value(*facts, "rds_max_connections", "odd"), std::nullopt);
  EXPECT_EQ(value(*facts, "rds_exporter_max_connections_unresolved_total", "", {{"reason", "unknown_formula"}}), 1);
  EXPECT_EQ(value(*facts, "rds_exporter_max_connections_unresolved_total", "", {{"reason", "no_value"}}), 0);
  // Counted once per parameter refresh, not at every discovery.
  facts = run(inventory, kNow + 5min);
  EXPECT_EQ(value(*facts, "rds_exporter_max_connections_unresolved_total", "", {{"reason", "unknown_formula"}}), 1);
}

TEST_F(InventoryCollectorTest, FactsFromTheCallsCarryTheirValues) {
  const auto facts = run(fleet(), kNow);
  EXPECT_EQ(value(*facts, "rds_pending_maintenance_actions", "orders", {{"action", "system-update"}}), 1);
  EXPECT_EQ(value(*facts, "rds_pending_maintenance_forced_apply_timestamp_seconds", "orders"), 1780272000);
  EXPECT_EQ(value(*facts, "rds_account_quota_used", "", {{"quota", "DBInstances"}}), 38);
  EXPECT_EQ(value(*facts, "rds_quota_max_dbinstances_average", ""), 40);
  EXPECT_EQ(value(*facts, "rds_usage_allocated_storage_bytes", ""), 500.0 * 1024 * 1024 * 1024);
  // 2029-02-28T00:00:00Z.
  EXPECT_EQ(value(*facts, "rds_standard_support_end_timestamp_seconds", "orders", {{"engine_version", "16.4"}}),
            1866931200);
  EXPECT_EQ(value(*facts, "rds_allocated_storage_bytes", "orders"), 100.0 * 1024 * 1024 * 1024);
  EXPECT_EQ(value(*facts, "rds_allocated_storage_bytes", "aurora-1"), std::nullopt);
  EXPECT_EQ(value(*facts, "rds_allocated_disk_iops_average", "orders"), 3000);
  EXPECT_EQ(value(*facts, "rds_instance_status", "orders"), 1);
  EXPECT_EQ(value(*facts, "rds_events_total", "", {{"source_type", "db-instance"}, {"event_category", "failover"}}), 0)
      << "every category exists from the start";
}

// A failing call degrades its own series only, and only after its last good answer is too old.
TEST_F(InventoryCollectorTest, AFailingCallKeepsItsLastAnswerForAWhileThenItsSeriesVanish) {
  const auto inventory = fleet();
  run(inventory, kNow);
  quotas_fail_ = true;
  auto facts = run(inventory, kNow + 5min);
  EXPECT_EQ(value(*facts, "rds_account_quota_used", "", {{"quota", "DBInstances"}}), 38);
  facts = run(inventory, kNow + 16min);
  EXPECT_EQ(value(*facts, "rds_account_quota_used", "", {{"quota", "DBInstances"}}), std::nullopt);
  EXPECT_EQ(value(*facts, "rds_quota_max_dbinstances_average", ""), std::nullopt);
  EXPECT_TRUE(value(*facts, "rds_pending_maintenance_actions", "orders", {{"action", "system-update"}}));
  EXPECT_TRUE(value(*facts, "rds_max_connections", "orders"));
}

std::string event(const std::string& date, const std::string& id, const std::string& category) {
  return "<Event><SourceIdentifier>" + id + "</SourceIdentifier><SourceType>db-instance</SourceType>"
         "<Message>Multi-AZ instance failover completed.</Message><EventCategories><EventCategory>" + category +
         "</EventCategory></EventCategories><Date>" + date + "</Date><SourceArn>arn:aws:rds:eu-west-1:123456789012:db:" +
         id + "</SourceArn></Event>";
}

// DescribeEvents reaches back over its previous window, so an event AWS lists late is still counted, and once.
TEST_F(InventoryCollectorTest, EventsAreCountedOnceByCategoryAcrossOverlappingCalls) {
  const auto inventory = fleet();
  events_ = {event("2026-05-28T20:25:00Z", "orders", "failover")};
  auto facts = run(inventory, kNow);
  const std::vector<std::pair<std::string, std::string>> failover{{"source_type", "db-instance"},
                                                                  {"event_category", "failover"}};
  EXPECT_EQ(value(*facts, "rds_events_total", "", failover), 1);
  events_.push_back(event("2026-05-28T20:28:00Z", "orders", "failover"));
  facts = run(inventory, kNow + 5min);
  EXPECT_EQ(value(*facts, "rds_events_total", "", failover), 2);
  const auto bodies = rds_.bodies("DescribeEvents");
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_THAT(bodies[1], ::testing::HasSubstr("StartTime=2026-05-28T20%3A21%3A40Z"))
      << "from where the last call ended, minus the 5-minute overlap";
}

}  // namespace
}  // namespace rds_exporter::inventory
