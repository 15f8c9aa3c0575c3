// The RDS operations of the exporter's inventory source, the fleet keys behind them and the generator's data.
#include "sim/fleet/engine_catalog.h"
#include "sim/fleet/fleet_generator.h"
#include "sim/fleet/fleet_loader.h"
#include "sim/rds/describe_account_attributes.h"
#include "sim/rds/describe_db_clusters.h"
#include "sim/rds/describe_db_instances.h"
#include "sim/rds/describe_db_major_engine_versions.h"
#include "sim/rds/describe_db_parameters.h"
#include "sim/rds/describe_engine_default_parameters.h"
#include "sim/rds/describe_events.h"
#include "sim/rds/describe_pending_maintenance_actions.h"
#include "sim/rds/rds_service.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;
using ::testing::Contains;
using testing::document_of;
using testing::element_texts;
using ::testing::ElementsAre;
using testing::error_of;
using ::testing::HasSubstr;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// rds_sim's start in these tests: what "+7d" counts from.
const sys_seconds kInventoryOrigin = sys_days{year{2026} / 12 / 1} + hours{12};

Fleet load(const std::string& yaml) {
  auto loaded = parse_fleet(yaml, "inventory.yaml", testing::kRegion, kInventoryOrigin);
  if (auto* problems = std::get_if<std::vector<std::string>>(&loaded)) {
    ADD_FAILURE() << ::testing::PrintToString(*problems);
    return testing::fleet_from_yaml("{}");
  }
  return std::get<Fleet>(std::move(loaded));
}

std::vector<std::string> inventory_problems_of(const std::string& yaml) {
  auto loaded = parse_fleet(yaml, "inventory.yaml", testing::kRegion, kInventoryOrigin);
  if (auto* problems = std::get_if<std::vector<std::string>>(&loaded)) return *problems;
  return {};
}

const Fleet& inventory_fleet() {
  static const Fleet fleet = load(R"(
clusters:
  - id: orders
    engine: aurora-mysql
    engine_version: 8.0.mysql_aurora.3.05.2
    parameter_group: orders-cluster
    pending_maintenance: [{action: system-update, auto_applied_after: +10d}]
  - {id: catalog, engine: aurora-postgresql, engine_version: "16.2"}
instances:
  - {id: orders-1, cluster: orders, cluster_writer: true, class: db.r7g.large, parameter_group: orders-aurora}
  - {id: catalog-1, cluster: catalog, cluster_writer: true, class: db.r6g.large}
  - id: payments
    engine: postgres
    engine_version: "16.4"
    class: db.r6g.xlarge
    allocated_storage: 500
    parameter_group: payments-pg
    backup_retention_period: 35
    pending_maintenance:
      - {action: os-upgrade, auto_applied_after: +3d, forced_apply: +12d, opt_in_status: next-maintenance}
      - {action: db-upgrade, auto_applied_after: 2027-01-05T00:00:00Z, description: "Upgrade to 16.6"}
  - {id: payments-replica, engine: postgres, engine_version: "16.4", class: db.r6g.xlarge, replica_of: payments,
     allocated_storage: 500}
  - {id: inventory, engine: mysql, engine_version: 8.0.35, class: db.m6g.large, allocated_storage: 100}
parameter_groups:
  - {name: payments-pg, family: postgres16, parameters: {max_connections: "500", my.custom: "on"}}
  - {name: orders-aurora, family: aurora-mysql8.0, parameters: {max_connections: "{DBInstanceClassMemory/25165760}"}}
  - {name: orders-cluster, family: aurora-mysql8.0, cluster: true, parameters: {binlog_format: ROW}}
account_quotas:
  DBInstances: 6
  ManualSnapshots: {max: 200, used: 12}
events_per_hour: 5
events:
  - {source_identifier: payments, message: "listed two hours ago", categories: [notification], date: -2h}
  - {source_identifier: orders, source_type: db-cluster, message: "listed in an hour", categories: [failover], date: +1h}
)");
  return fleet;
}

template <class Operation>
OperationOutcome call(const Operation& operation, Pairs entries, const Fleet& fleet = inventory_fleet()) {
  const QueryParameters query = testing::params(std::move(entries));
  return operation.invoke({query, fleet, "request-9"});
}

// Every `element` of every page of `operation`, following its Markers, and how many pages that took.
template <class Operation>
std::pair<std::vector<std::string>, int> all_pages(const Operation& operation, const Pairs& first,
                                                   std::string_view element, const Fleet& fleet = inventory_fleet()) {
  std::vector<std::string> values;
  int pages = 0;
  std::string marker;
  do {
    Pairs entries = first;
    if (!marker.empty()) entries.emplace_back("Marker", marker);
    const std::string document = document_of(call(operation, entries, fleet));
    for (auto& value : element_texts(document, element)) values.push_back(value);
    const auto markers = element_texts(document, "Marker");
    marker = markers.empty() ? "" : markers[0];
    ++pages;
  } while (!marker.empty());
  return {values, pages};
}

TEST(SimInventoryFleet, DerivesDefaultParameterGroupFamilies) {
  EXPECT_EQ(parameter_group_family("postgres", "16.4"), "postgres16");
  EXPECT_EQ(parameter_group_family("mysql", "8.0.35"), "mysql8.0");
  EXPECT_EQ(parameter_group_family("mysql", "5.7.44-rds.20240808"), "mysql5.7");
  EXPECT_EQ(parameter_group_family("aurora-mysql", "8.0.mysql_aurora.3.05.2"), "aurora-mysql8.0");
  EXPECT_EQ(parameter_group_family("aurora-postgresql", "16.2"), "aurora-postgresql16");
  EXPECT_EQ(parameter_group_family("mariadb", "10.11.9"), "mariadb10.11");
  EXPECT_EQ(parameter_group_family("oracle-ee", "19.0.0.0.ru-2024-07.rur-2024-07.r1"), "oracle-ee-19");
  EXPECT_EQ(parameter_group_family("sqlserver-se", "15.00.4385.2.v1"), "sqlserver-se-15.0");
  EXPECT_EQ(parameter_group_family("neptune", "1.3.2.1"), "neptune1.3");
  const Fleet& fleet = inventory_fleet();
  EXPECT_EQ(fleet.find_instance("inventory")->parameter_group, "default.mysql8.0");
  EXPECT_EQ(fleet.find_instance("catalog-1")->parameter_group, "default.aurora-postgresql16");
  EXPECT_EQ(fleet.find_cluster("catalog")->parameter_group, "default.aurora-postgresql16");
  EXPECT_EQ(fleet.find_instance("payments")->parameter_group, "payments-pg");
}

TEST(SimInventoryFleet, ReadsRelativeAndAbsoluteDates) {
  EXPECT_EQ(parse_fleet_time("+7d", kInventoryOrigin), kInventoryOrigin + days{7});
  EXPECT_EQ(parse_fleet_time("-3h", kInventoryOrigin), kInventoryOrigin - hours{3});
  EXPECT_EQ(parse_fleet_time("+30m", kInventoryOrigin), kInventoryOrigin + minutes{30});
  EXPECT_EQ(parse_fleet_time("+2w", kInventoryOrigin), kInventoryOrigin + days{14});
  EXPECT_EQ(parse_fleet_time("2027-01-05T00:00:00Z", kInventoryOrigin), sys_seconds{sys_days{year{2027} / 1 / 5}});
  EXPECT_EQ(parse_fleet_time("+7", kInventoryOrigin), std::nullopt);
  EXPECT_EQ(parse_fleet_time("7d", kInventoryOrigin), std::nullopt);
  const auto& actions = inventory_fleet().find_instance("payments")->pending_maintenance;
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].forced_apply, kInventoryOrigin + days{12});
  EXPECT_EQ(actions[1].description, "Upgrade to 16.6");
}

TEST(SimInventoryFleet, ReportsProblemsWithFileLineAndKey) {
  EXPECT_THAT(
      inventory_problems_of(R"(instances:
  - {id: a, engine: postgres, engine_version: "16.4", class: db.t3.micro, parameter_group: missing-pg}
  - {id: b, engine: mysql, class: db.t3.micro, parameter_group: default.postgres16}
  - id: c
    engine: mysql
    class: db.t3.micro
    pending_maintenance: [{action: reboot, auto_applied_after: tomorrow}]
parameter_groups:
  - {name: x, family: postgres99}
account_quotas: {DBInstancez: 3}
)"),
      ElementsAre(HasSubstr("inventory.yaml:2: instances[0].parameter_group: no parameter group 'missing-pg'"),
                  HasSubstr("inventory.yaml:3: instances[1].parameter_group: 'default.postgres16' is not the "
                            "default group of family mysql8.4"),
                  HasSubstr("inventory.yaml:7: instances[2].pending_maintenance[0].action: unknown maintenance "
                            "action 'reboot'"),
                  HasSubstr("inventory.yaml:7: instances[2].pending_maintenance[0].auto_applied_after: expected a "
                            "UTC time"),
                  HasSubstr("inventory.yaml:9: parameter_groups[0].family: unknown DB parameter group family "
                            "'postgres99'"),
                  HasSubstr("inventory.yaml:10: account_quotas.DBInstancez: unknown account quota")));
}

TEST(SimDescribeDbInstancesInventory, ReportsParameterGroupsAndBackupRetention) {
  const std::string document = document_of(call(DescribeDbInstances(), {}));
  EXPECT_THAT(element_texts(document, "DBParameterGroupName"),
              ElementsAre("default.aurora-postgresql16", "default.mysql8.0", "orders-aurora", "payments-pg",
                          "default.postgres16"));
  EXPECT_THAT(element_texts(document, "ParameterApplyStatus"), Contains("in-sync"));
  EXPECT_THAT(element_texts(document, "BackupRetentionPeriod"), ElementsAre("7", "7", "7", "35", "0"));
  EXPECT_THAT(document, HasSubstr("<DBParameterGroups>\n          <DBParameterGroup>\n"));
  const std::string clusters = document_of(call(DescribeDbClusters(), {}));
  EXPECT_THAT(element_texts(clusters, "DBClusterParameterGroup"),
              ElementsAre("default.aurora-postgresql16", "orders-cluster"));
}

TEST(SimDescribePendingMaintenanceActions, ListsEachResourceWithItsActions) {
  const std::string document = document_of(call(DescribePendingMaintenanceActions(), {}));
  EXPECT_THAT(element_texts(document, "ResourceIdentifier"),
              ElementsAre("arn:aws:rds:ap-northeast-2:123456789012:cluster:orders",
                          "arn:aws:rds:ap-northeast-2:123456789012:db:payments"));
  EXPECT_THAT(element_texts(document, "Action"), ElementsAre("system-update", "os-upgrade", "db-upgrade"));
  EXPECT_THAT(element_texts(document, "ForcedApplyDate"), ElementsAre("2026-12-13T12:00:00Z"));
  EXPECT_THAT(element_texts(document, "AutoAppliedAfterDate"),
              ElementsAre("2026-12-11T12:00:00Z", "2026-12-04T12:00:00Z", "2027-01-05T00:00:00Z"));
  // The earlier of the two dates when nobody opted in.
  EXPECT_THAT(element_texts(document, "CurrentApplyDate"),
              ElementsAre("2026-12-11T12:00:00Z", "2026-12-04T12:00:00Z", "2027-01-05T00:00:00Z"));
  EXPECT_THAT(element_texts(document, "OptInStatus"), ElementsAre("next-maintenance"));
  EXPECT_THAT(document, HasSubstr("<PendingMaintenanceActionDetails>\n          <PendingMaintenanceAction>\n"));
}

TEST(SimDescribePendingMaintenanceActions, FiltersByIdentifierOrArnAndAnswersResourceNotFound) {
  const DescribePendingMaintenanceActions operation;
  for (const std::string value : {"payments", "arn:aws:rds:ap-northeast-2:123456789012:db:payments"}) {
    EXPECT_THAT(element_texts(document_of(call(operation, {{"Filters.Filter.1.Name", "db-instance-id"},
                                                           {"Filters.Filter.1.Values.Value.1", value}})),
                              "ResourceIdentifier"),
                ElementsAre("arn:aws:rds:ap-northeast-2:123456789012:db:payments"));
  }
  EXPECT_THAT(element_texts(document_of(call(operation, {{"Filters.Filter.1.Name", "db-cluster-id"},
                                                         {"Filters.Filter.1.Values.Value.1", "orders"}})),
                            "Action"),
              ElementsAre("system-update"));
  EXPECT_THAT(element_texts(document_of(call(operation, {{"ResourceIdentifier",
                                                          "arn:aws:rds:ap-northeast-2:123456789012:db:inventory"}})),
                            "ResourceIdentifier"),
              ElementsAre());
  EXPECT_EQ(error_of(call(operation, {{"ResourceIdentifier", "arn:aws:rds:ap-northeast-2:123456789012:db:gone"}})),
            (ApiError{404, "ResourceNotFoundFault", "The specified resource ID was not found."}));
  EXPECT_EQ(error_of(call(operation, {{"MaxRecords", "10"}})).code, "InvalidParameterValue");
}

TEST(SimDescribePendingMaintenanceActions, PagesAtMaxRecords) {
  std::string yaml = "instances:\n";
  for (int i = 0; i < 45; ++i) {
    yaml += "  - {id: db-" + std::to_string(100 + i) +
            ", engine: mysql, class: db.t3.micro, pending_maintenance: [{action: system-update, "
            "auto_applied_after: +1d}]}\n";
  }
  const Fleet fleet = load(yaml);
  const auto [seen, pages] =
      all_pages(DescribePendingMaintenanceActions(), {{"MaxRecords", "20"}}, "ResourceIdentifier", fleet);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 45u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 45u);
}

TEST(SimDescribeDbMajorEngineVersions, ListsSupportDatesByEngineAndPages) {
  const DescribeDbMajorEngineVersions operation;
  const std::string postgres = document_of(call(operation, {{"Engine", "postgres"}}));
  EXPECT_THAT(element_texts(postgres, "MajorEngineVersion"), ElementsAre("11", "12", "13", "14", "15", "16", "17"));
  const std::string mysql80 = document_of(call(operation, {{"Engine", "mysql"}, {"MajorEngineVersion", "8.0"}}));
  EXPECT_THAT(element_texts(mysql80, "LifecycleSupportName"),
              ElementsAre("open-source-rds-standard-support", "open-source-rds-extended-support"));
  EXPECT_THAT(element_texts(mysql80, "LifecycleSupportEndDate"),
              ElementsAre("2026-07-31T23:59:59Z", "2029-07-31T23:59:59Z"));
  const std::string mariadb = document_of(call(operation, {{"Engine", "mariadb"}, {"MajorEngineVersion", "10.11"}}));
  EXPECT_THAT(element_texts(mariadb, "LifecycleSupportName"), ElementsAre("open-source-rds-standard-support"));
  const std::string first = document_of(call(operation, {{"MaxRecords", "20"}}));
  ASSERT_EQ(element_texts(first, "Marker").size(), 1u);
  const std::string second =
      document_of(call(operation, {{"MaxRecords", "20"}, {"Marker", element_texts(first, "Marker")[0]}}));
  EXPECT_EQ(element_texts(first, "MajorEngineVersion").size() + element_texts(second, "MajorEngineVersion").size(),
            23u);
  EXPECT_TRUE(element_texts(second, "Marker").empty());
  EXPECT_THAT(document_of(call(operation, {{"Engine", "oracle-ee"}})), HasSubstr("<DBMajorEngineVersions/>"));
}

TEST(SimDescribeAccountAttributes, CountsTheScopesUsageAgainstQuotas) {
  const std::string document = document_of(call(DescribeAccountAttributes(), {}));
  const auto names = element_texts(document, "AccountQuotaName");
  const auto used = element_texts(document, "Used");
  const auto max = element_texts(document, "Max");
  ASSERT_EQ(names.size(), 18u);
  using Quota = std::pair<std::string, std::string>;
  std::map<std::string, Quota> quotas;
  for (std::size_t i = 0; i < names.size(); ++i) quotas[names[i]] = {used[i], max[i]};
  EXPECT_EQ(names[0], "DBInstances");
  EXPECT_EQ(quotas["DBInstances"], Quota("5", "6"));
  EXPECT_EQ(quotas["DBClusters"], Quota("2", "40"));
  // GiB: 1 + 1 for the Aurora instances, 500 + 500 + 100 for the others.
  EXPECT_EQ(quotas["AllocatedStorage"], Quota("1102", "100000"));
  EXPECT_EQ(quotas["DBParameterGroups"], Quota("2", "50"));
  EXPECT_EQ(quotas["DBClusterParameterGroups"], Quota("1", "50"));
  EXPECT_EQ(quotas["ReadReplicasPerMaster"], Quota("1", "15"));
  EXPECT_EQ(quotas["ManualSnapshots"], Quota("12", "200"));
}

TEST(SimDescribeEvents, EventsHappenOnTheDataClockAndStayInTheWindow) {
  sys_seconds now = kInventoryOrigin;
  const DescribeEvents operation([&] { return system_clock::time_point(now); });
  const std::string past_hour = document_of(call(operation, {}));
  const auto dates = element_texts(past_hour, "Date");
  EXPECT_FALSE(dates.empty());
  for (const auto& date : dates) {
    EXPECT_GE(date, "2026-12-01T11:00:00.000Z");
    EXPECT_LT(date, "2026-12-01T12:00:00.000Z");
  }
  // The same question gets the same answer; the next hour has new events and the listed one of "+1h".
  EXPECT_EQ(element_texts(document_of(call(operation, {})), "Message"), element_texts(past_hour, "Message"));
  const Pairs next_hour{{"StartTime", "2026-12-01T12:00:00Z"}, {"EndTime", "2026-12-01T13:00:01Z"}};
  EXPECT_THAT(element_texts(document_of(call(operation, next_hour)), "Message"), ElementsAre());
  now += hours{1} + seconds{1};
  const std::string later = document_of(call(operation, next_hour));
  EXPECT_THAT(element_texts(later, "Message"), Contains("listed in an hour"));
  EXPECT_GE(element_texts(later, "Message").size(), 5u);
  const std::string listed = document_of(call(operation, {{"SourceType", "db-instance"},
                                                          {"SourceIdentifier", "payments"},
                                                          {"EventCategories.EventCategory.1", "notification"},
                                                          {"Duration", "240"}}));
  EXPECT_THAT(element_texts(listed, "Message"), Contains("listed two hours ago"));
  EXPECT_THAT(element_texts(listed, "SourceArn"), Contains("arn:aws:rds:ap-northeast-2:123456789012:db:payments"));
  for (const auto& category : element_texts(listed, "EventCategory")) EXPECT_EQ(category, "notification");
  EXPECT_EQ(error_of(call(operation, {{"SourceIdentifier", "payments"}})).code, "InvalidParameterCombination");
  EXPECT_EQ(error_of(call(operation, {{"SourceType", "db-table"}})).code, "InvalidParameterValue");
}

TEST(SimDescribeEvents, PagesThroughFourteenDays) {
  const sys_seconds now = kInventoryOrigin;
  const DescribeEvents operation([&] { return system_clock::time_point(now); });
  const auto [all, pages] =
      all_pages(operation, {{"MaxRecords", "100"}, {"StartTime", "2026-11-01T00:00:00Z"}}, "Date");
  EXPECT_GT(pages, 16);
  // 14 days of 5 an hour, and the listed event two hours back.
  EXPECT_EQ(all.size(), 14u * 24 * 5 + 1);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_GE(all.front(), "2026-11-17T12:00:00.000Z");
}

TEST(SimDescribeDbParameters, DefaultAndCustomGroupsPageAndNotFound) {
  const DescribeDbParameters operation;
  const auto [names, pages] =
      all_pages(operation, {{"DBParameterGroupName", "payments-pg"}, {"MaxRecords", "20"}}, "ParameterName");
  EXPECT_EQ(pages, 2);
  EXPECT_GT(names.size(), 20u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_THAT(names, Contains("my.custom"));
  const std::string user = document_of(call(operation, {{"DBParameterGroupName", "payments-pg"}, {"Source", "user"}}));
  EXPECT_THAT(element_texts(user, "ParameterName"), ElementsAre("max_connections", "my.custom"));
  EXPECT_THAT(element_texts(user, "ParameterValue"), ElementsAre("500", "on"));
  const std::string defaults = document_of(call(operation, {{"DBParameterGroupName", "default.postgres16"},
                                                            {"Filters.Filter.1.Name", "parameter-name"},
                                                            {"Filters.Filter.1.Values.Value.1", "max_connections"}}));
  EXPECT_THAT(element_texts(defaults, "ParameterValue"), ElementsAre("LEAST({DBInstanceClassMemory/9531392},5000)"));
  EXPECT_THAT(element_texts(defaults, "Source"), ElementsAre("system"));
  EXPECT_THAT(element_texts(defaults, "ApplyMethod"), ElementsAre("pending-reboot"));
  EXPECT_EQ(error_of(call(operation, {{"DBParameterGroupName", "nope"}})),
            (ApiError{404, "DBParameterGroupNotFound", "DBParameterGroup not found: nope"}));
  // A cluster group is not a DB parameter group.
  EXPECT_EQ(error_of(call(operation, {{"DBParameterGroupName", "orders-cluster"}})).code, "DBParameterGroupNotFound");
  const std::string cluster = document_of(
      call(DescribeDbClusterParameters(), {{"DBClusterParameterGroupName", "orders-cluster"}, {"Source", "user"}}));
  EXPECT_THAT(element_texts(cluster, "ParameterValue"), ElementsAre("ROW"));
  EXPECT_EQ(error_of(call(DescribeDbClusterParameters(), {{"DBClusterParameterGroupName", "payments-pg"}})).http_status,
            404);
}

std::string max_connections_of(const std::string& family, bool cluster = false) {
  const Pairs entries{{"DBParameterGroupFamily", family},
                      {"Filters.Filter.1.Name", "parameter-name"},
                      {"Filters.Filter.1.Values.Value.1", family.starts_with("oracle")      ? "processes"
                                                          : family.starts_with("sqlserver") ? "user connections"
                                                                                            : "max_connections"}};
  const std::string document = cluster ? document_of(call(DescribeEngineDefaultClusterParameters(), entries))
                                       : document_of(call(DescribeEngineDefaultParameters(), entries));
  const auto values = element_texts(document, "ParameterValue");
  return values.empty() ? "" : values[0];
}

TEST(SimDescribeEngineDefaultParameters, ShipsAwssMaxConnectionsPerFamily) {
  EXPECT_EQ(max_connections_of("mysql8.0"), "{DBInstanceClassMemory/12582880}");
  EXPECT_EQ(max_connections_of("mariadb10.11"), "{DBInstanceClassMemory/12582880}");
  EXPECT_EQ(max_connections_of("postgres16"), "LEAST({DBInstanceClassMemory/9531392},5000)");
  EXPECT_EQ(max_connections_of("aurora-postgresql16"), "LEAST({DBInstanceClassMemory/9531392},5000)");
  EXPECT_EQ(max_connections_of("aurora-mysql8.0"),
            "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})");
  EXPECT_EQ(max_connections_of("sqlserver-se-15.0"), "0");
  EXPECT_EQ(max_connections_of("oracle-ee-19"), "LEAST({DBInstanceClassMemory/9868951},20000)");
  // Aurora's cluster-level families hold no max_connections.
  EXPECT_EQ(max_connections_of("aurora-mysql8.0", true), "");
  const std::string page = document_of(
      call(DescribeEngineDefaultParameters(), {{"DBParameterGroupFamily", "mysql8.0"}, {"MaxRecords", "20"}}));
  EXPECT_THAT(page, HasSubstr("<EngineDefaults>\n      <DBParameterGroupFamily>mysql8.0</DBParameterGroupFamily>\n"
                              "      <Marker>"));
  EXPECT_EQ(element_texts(page, "ParameterName").size(), 20u);
  const std::string cluster =
      document_of(call(DescribeEngineDefaultClusterParameters(), {{"DBParameterGroupFamily", "aurora-postgresql16"}}));
  EXPECT_THAT(element_texts(cluster, "ParameterName"), Contains("rds.logical_replication"));
  EXPECT_EQ(error_of(call(DescribeEngineDefaultParameters(), {{"DBParameterGroupFamily", "postgres99"}})).code,
            "InvalidParameterValue");
  EXPECT_EQ(error_of(call(DescribeEngineDefaultParameters(), {})).code, "MissingParameter");
}

TEST(SimInventoryScopes, EachScopeSeesItsOwnGroupsEventsAndUsage) {
  const Fleet fleet = load(R"(
instances:
  - {id: home-db, engine: postgres, engine_version: "16.4", class: db.t3.micro}
  - {id: away-db, engine: postgres, engine_version: "16.4", class: db.t3.micro, account: "210000000002",
     region: eu-west-1, parameter_group: away-pg, allocated_storage: 300}
parameter_groups:
  - {name: away-pg, family: postgres16, account: "210000000002", region: eu-west-1, parameters: {max_connections: "90"}}
events:
  - {source_identifier: away-db, message: "away event", date: -1m, account: "210000000002", region: eu-west-1}
)");
  const Fleet& home = fleet.in_scope({"123456789012", std::string(testing::kRegion)});
  const Fleet& away = fleet.in_scope({"210000000002", "eu-west-1"});
  EXPECT_EQ(error_of(call(DescribeDbParameters(), {{"DBParameterGroupName", "away-pg"}}, home)).code,
            "DBParameterGroupNotFound");
  EXPECT_THAT(element_texts(document_of(call(DescribeDbParameters(),
                                             {{"DBParameterGroupName", "away-pg"}, {"Source", "user"}}, away)),
                            "ParameterValue"),
              ElementsAre("90"));
  sys_seconds now = kInventoryOrigin;
  const DescribeEvents events([&] { return system_clock::time_point(now); });
  EXPECT_THAT(element_texts(document_of(call(events, {}, away)), "SourceArn"),
              ElementsAre("arn:aws:rds:eu-west-1:210000000002:db:away-db"));
  EXPECT_THAT(element_texts(document_of(call(events, {}, home)), "Message"), ElementsAre());
  const auto usage = [](const Fleet& scope) {
    const std::string document = document_of(call(DescribeAccountAttributes(), {}, scope));
    return std::vector<std::string>{element_texts(document, "Used")[0], element_texts(document, "Used")[2],
                                    element_texts(document, "Used")[5]};
  };
  EXPECT_EQ(usage(home),
            (std::vector<std::string>{"1", "100", "0"}));  // DBInstances, AllocatedStorage, DBParameterGroups
  EXPECT_EQ(usage(away), (std::vector<std::string>{"1", "300", "1"}));
}

TEST(SimRdsServiceInventory, ServesTheNewOperationsBehindTheirIamActions) {
  const RdsService service;
  for (const std::string_view action :
       {"DescribePendingMaintenanceActions", "DescribeDBMajorEngineVersions", "DescribeAccountAttributes",
        "DescribeEvents", "DescribeDBParameters", "DescribeDBClusterParameters", "DescribeEngineDefaultParameters",
        "DescribeEngineDefaultClusterParameters"}) {
    const QueryOperation* operation = service.find_operation(action);
    ASSERT_NE(operation, nullptr) << action;
    EXPECT_EQ(operation->iam_action(), "rds:" + std::string(action));
    EXPECT_EQ(operation->access(), OperationAccess::kAuthorized);
  }
}

TEST(SimFleetGeneratorInventory, GeneratesMaintenanceGroupsCertificatesAndAQuotaNearItsLimit) {
  GeneratorOptions options;
  options.instance_count = 200;
  options.seed = 7;
  options.origin = kInventoryOrigin;
  const Fleet fleet = generate_fleet(options);
  const Fleet again = generate_fleet(options);
  EXPECT_TRUE(std::equal(fleet.instances().begin(), fleet.instances().end(), again.instances().begin(),
                         again.instances().end()));
  EXPECT_EQ(fleet.inventory(), again.inventory());
  int pending = 0, forced = 0, custom = 0, expiring = 0;
  for (const auto& instance : fleet.instances()) {
    pending += !instance.pending_maintenance.empty();
    for (const auto& action : instance.pending_maintenance) forced += action.forced_apply.has_value();
    custom += !instance.parameter_group.starts_with("default.");
    expiring += instance.certificate_valid_till > kInventoryOrigin &&
                instance.certificate_valid_till < kInventoryOrigin + days{30};
    EXPECT_FALSE(instance.parameter_group.empty());
  }
  EXPECT_GT(pending, 10);
  EXPECT_GT(forced, 2);
  EXPECT_GT(custom, 10);
  EXPECT_GT(expiring, 2);
  std::set<std::string> families;
  std::set<std::string> max_connections;
  for (const auto& group : fleet.inventory().parameter_groups) {
    families.insert(group.family.substr(0, group.family.find_first_of("0123456789")));
    for (const auto& [name, value] : group.parameters) {
      if (name == "max_connections")
        max_connections.insert(value.find('{') == std::string::npos ? "literal" : "formula");
    }
  }
  EXPECT_TRUE(families.contains("aurora-mysql"));
  EXPECT_TRUE(families.contains("aurora-postgresql"));
  EXPECT_EQ(max_connections, (std::set<std::string>{"formula", "literal"}));
  ASSERT_EQ(fleet.inventory().account_quotas.size(), 1u);
  EXPECT_EQ(fleet.inventory().account_quotas[0].name, "DBInstances");
  EXPECT_EQ(fleet.inventory().account_quotas[0].max, 220);
  EXPECT_EQ(fleet.inventory().events_per_hour, 4);
}

}  // namespace
}  // namespace rds_exporter::sim
