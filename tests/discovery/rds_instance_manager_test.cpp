#include "discovery/rds_instance_manager.h"

#include "../aws/services/fake_rds.h"
#include "logging/log_setup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>

#include <map>
#include <mutex>
#include <sstream>

namespace rds_exporter::discovery {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr std::string_view kAccount = "123456789012";

using testing::FakeRds;
using testing::query_error;

struct Instance {
  std::string id;
  std::string engine = "postgres";
  std::string instance_class = "db.r6g.large";
  std::string storage_type = "gp3";
  aws::Tags tags;
  std::optional<std::string> cluster;
  std::optional<std::string> replica_source;
  bool performance_insights = false;
  std::string arn;
};

struct Cluster {
  std::string id;
  std::string engine = "aurora-postgresql";
  std::vector<aws::DbClusterMember> members;
  aws::Tags tags;
  std::string arn;
};

std::string tag_list(const aws::Tags& tags) {
  std::string xml = "<TagList>";
  for (const auto& [key, value] : tags) xml += "<Tag><Key>" + key + "</Key><Value>" + value + "</Value></Tag>";
  return xml + "</TagList>";
}

std::string element(const std::string& name, const std::string& value) {
  return "<" + name + ">" + value + "</" + name + ">";
}

std::string instance_xml(const Instance& instance) {
  const std::string arn =
      instance.arn.empty() ? "arn:aws:rds:eu-west-1:" + std::string(kAccount) + ":db:" + instance.id : instance.arn;
  std::string xml = "<DBInstance>" + element("DBInstanceIdentifier", instance.id) + element("DBInstanceArn", arn) +
                    element("Engine", instance.engine) + element("DBInstanceClass", instance.instance_class) +
                    element("DBInstanceStatus", "available") + element("StorageType", instance.storage_type) +
                    element("PerformanceInsightsEnabled", instance.performance_insights ? "true" : "false");
  if (instance.cluster) xml += element("DBClusterIdentifier", *instance.cluster);
  if (instance.replica_source) xml += element("ReadReplicaSourceDBInstanceIdentifier", *instance.replica_source);
  return xml + tag_list(instance.tags) + "</DBInstance>";
}

std::string cluster_xml(const Cluster& cluster) {
  const std::string arn =
      cluster.arn.empty() ? "arn:aws:rds:eu-west-1:" + std::string(kAccount) + ":cluster:" + cluster.id : cluster.arn;
  std::string xml = "<DBCluster>" + element("DBClusterIdentifier", cluster.id) + element("DBClusterArn", arn) +
                    element("Engine", cluster.engine) + element("Status", "available") + "<DBClusterMembers>";
  for (const aws::DbClusterMember& member : cluster.members) {
    xml += "<DBClusterMember>" + element("DBInstanceIdentifier", member.instance_identifier) +
           element("IsClusterWriter", member.is_writer ? "true" : "false") + "</DBClusterMember>";
  }
  return xml + "</DBClusterMembers>" + tag_list(cluster.tags) + "</DBCluster>";
}

std::string marker_xml(const std::optional<std::string>& marker) { return marker ? element("Marker", *marker) : ""; }

std::string instances_page(const std::vector<Instance>& instances, const std::optional<std::string>& marker = {}) {
  std::string xml =
      "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBInstancesResult>"
      "<DBInstances>";
  for (const Instance& instance : instances) xml += instance_xml(instance);
  return xml + "</DBInstances>" + marker_xml(marker) +
         "</DescribeDBInstancesResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
         "</DescribeDBInstancesResponse>";
}

std::string clusters_page(const std::vector<Cluster>& clusters, const std::optional<std::string>& marker = {}) {
  std::string xml =
      "<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBClustersResult>"
      "<DBClusters>";
  for (const Cluster& cluster : clusters) xml += cluster_xml(cluster);
  return xml + "</DBClusters>" + marker_xml(marker) +
         "</DescribeDBClustersResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>"
         "</DescribeDBClustersResponse>";
}

std::vector<std::string> identifiers(const Inventory& inventory) {
  std::vector<std::string> ids;
  for (const WatchedInstance& instance : inventory.instances) ids.push_back(instance.db.identifier);
  return ids;
}

std::vector<std::string> cluster_identifiers(const Inventory& inventory) {
  std::vector<std::string> ids;
  for (const WatchedCluster& cluster : inventory.clusters) ids.push_back(cluster.db.identifier);
  return ids;
}

const WatchedInstance& instance_named(const Inventory& inventory, const std::string& id) {
  for (const WatchedInstance& instance : inventory.instances) {
    if (instance.db.identifier == id) return instance;
  }
  throw std::runtime_error("not watched: " + id);
}

const aws::Tags kProduction{{"env", "prd"}};
const aws::Tags kDevelopment{{"env", "dev"}};
const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'780'000'000)};

class RdsInstanceManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::configure_logging(std::get<logging::LevelSpec>(logging::parse_level_spec("info")),
                               logging::LogFormat::text, std::make_shared<spdlog::sinks::ostream_sink_mt>(log_));
  }
  // Away from log_, which dies with the test.
  void TearDown() override {
    logging::configure_logging(logging::LevelSpec{}, logging::LogFormat::text,
                               std::make_shared<spdlog::sinks::null_sink_mt>());
  }

  InventoryPtr discover(std::vector<TagCondition> conditions) {
    auto result = try_discover(std::move(conditions));
    if (!result) throw std::runtime_error(result.error().describe());
    return std::move(result).value();
  }

  common::Expected<InventoryPtr, aws::AwsError> try_discover(
      std::vector<TagCondition> conditions, std::optional<std::vector<std::string>> kept_tags = std::nullopt) {
    const aws::RdsClient client = testing::rds_client_over(rds_);
    const RdsInstanceManager manager(client, TagFilter(std::move(conditions)), {}, std::move(kept_tags));
    return manager.discover(kNow);
  }

  std::string log() {
    logging::logger("discovery")->flush();
    return log_.str();
  }

  static int occurrences(const std::string& text, const std::string& part) {
    int count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
    return count;
  }

  FakeRds rds_;
  std::ostringstream log_;
};

TEST_F(RdsInstanceManagerTest, WatchesTheInstancesWhoseTagsMatch) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({{.id = "orders", .tags = kProduction}, {.id = "orders-test", .tags = kDevelopment}}));
  const InventoryPtr inventory = discover({{"env", {"prd"}}});
  EXPECT_THAT(identifiers(*inventory), ElementsAre("orders"));
  EXPECT_EQ(inventory->instances_listed, 2);
  EXPECT_EQ(inventory->skipped_by_filter, 1);
  EXPECT_EQ(inventory->skipped_other_engines, 0);
  EXPECT_EQ(inventory->discovered_at, kNow);
  EXPECT_THAT(log(), HasSubstr("discovered 1 instances (0 clusters) matching env=prd; skipped 0 other engines, 1 "
                               "not matching"));
}

TEST_F(RdsInstanceManagerTest, WatchesNothingAndWarnsOnceWhenNothingMatches) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({{.id = "orders", .tags = kDevelopment}, {.id = "billing", .tags = {}}}));
  const InventoryPtr inventory = discover({{"env", {"prd"}}, {"team", {"payments", "billing"}}});
  EXPECT_THAT(inventory->instances, IsEmpty());
  EXPECT_THAT(inventory->clusters, IsEmpty());
  EXPECT_EQ(inventory->skipped_by_filter, 2);
  const std::string text = log();
  EXPECT_EQ(occurrences(text, "warn"), 1) << text;
  EXPECT_THAT(text, HasSubstr("env=prd, team=payments|billing"));
  EXPECT_THAT(text, HasSubstr("2 instances listed"));
}

TEST_F(RdsInstanceManagerTest, NoInstancesAtAllIsNotWorthAWarning) {
  rds_.answer("DescribeDBInstances", 200, instances_page({}));
  const InventoryPtr inventory = discover({{"env", {"prd"}}});
  EXPECT_THAT(inventory->instances, IsEmpty());
  EXPECT_THAT(log(), Not(HasSubstr("warn")));
}

TEST_F(RdsInstanceManagerTest, WithoutConditionsWatchesEveryInstance) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({{.id = "orders", .tags = kProduction}, {.id = "scratch", .engine = "mysql"}}));
  const InventoryPtr inventory = discover({});
  EXPECT_THAT(identifiers(*inventory), ElementsAre("orders", "scratch"));
  EXPECT_EQ(inventory->skipped_by_filter, 0);
  EXPECT_THAT(log(), HasSubstr("matching every instance"));
}

TEST_F(RdsInstanceManagerTest, RequiresEveryConditionAndAcceptsAlternativesAndAnyValue) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "payments", .tags = {{"env", "prd"}, {"team", "payments"}, {"owner", "a"}}},
                  {.id = "billing", .tags = {{"env", "prd"}, {"team", "billing"}, {"owner", ""}}},
                  {.id = "unowned", .tags = {{"env", "prd"}, {"team", "billing"}}},
                  {.id = "search", .tags = {{"env", "prd"}, {"team", "search"}, {"owner", "b"}}},
                  {.id = "staging", .tags = {{"env", "stg"}, {"team", "payments"}, {"owner", "c"}}},
              }));
  const InventoryPtr inventory = discover({{"env", {"prd"}}, {"team", {"payments", "billing"}}, {"owner", {}}});
  EXPECT_THAT(identifiers(*inventory), ElementsAre("payments", "billing"));
  EXPECT_EQ(inventory->skipped_by_filter, 3);
}

TEST_F(RdsInstanceManagerTest, LeavesOutNeptuneDocumentDbAndUnknownEngines) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "graph-1", .engine = "neptune", .tags = kProduction, .cluster = "graph"},
                  {.id = "docs-1", .engine = "docdb", .tags = kProduction, .cluster = "docs"},
                  {.id = "future-1", .engine = "quantumdb", .tags = kProduction},
                  {.id = "ledger-1", .engine = "aurora-postgresql", .tags = kProduction, .cluster = "ledger"},
                  {.id = "orders", .engine = "postgres", .tags = kProduction},
              }));
  rds_.answer("DescribeDBClusters", 200,
              clusters_page({
                  {.id = "graph", .engine = "neptune", .members = {{"graph-1", true}}, .tags = kProduction},
                  {.id = "docs", .engine = "docdb", .members = {{"docs-1", true}}, .tags = kProduction},
                  {.id = "ledger", .members = {{"ledger-1", true}}, .tags = kProduction},
              }));
  const InventoryPtr inventory = discover({{"env", {"prd"}}});
  EXPECT_THAT(identifiers(*inventory), ElementsAre("ledger-1", "orders"));
  EXPECT_THAT(cluster_identifiers(*inventory), ElementsAre("ledger"));
  EXPECT_EQ(inventory->instances_listed, 5);
  EXPECT_EQ(inventory->skipped_other_engines, 3);
  EXPECT_EQ(inventory->skipped_by_filter, 0);
}

TEST_F(RdsInstanceManagerTest, OnlyNeptuneListedWarnsAndWatchesNothing) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({{.id = "graph-1", .engine = "neptune", .tags = kProduction, .cluster = "graph"}}));
  const InventoryPtr inventory = discover({});
  EXPECT_THAT(inventory->instances, IsEmpty());
  EXPECT_EQ(inventory->skipped_other_engines, 1);
  // Neptune's cluster would be left out anyway.
  EXPECT_THAT(rds_.actions(), ElementsAre("DescribeDBInstances"));
  EXPECT_EQ(occurrences(log(), "warn"), 1);
}

TEST_F(RdsInstanceManagerTest, AuroraMembersInheritTheirClustersTagsAndRoles) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "ledger-a", .engine = "aurora-postgresql", .storage_type = "aurora", .cluster = "ledger"},
                  {.id = "ledger-b", .engine = "aurora-postgresql", .storage_type = "aurora", .cluster = "ledger"},
              }));
  rds_.answer(
      "DescribeDBClusters", 200,
      clusters_page({{.id = "ledger", .members = {{"ledger-b", true}, {"ledger-a", false}}, .tags = kProduction}}));
  const InventoryPtr inventory = discover({{"env", {"prd"}}});
  ASSERT_THAT(identifiers(*inventory), ElementsAre("ledger-a", "ledger-b"));
  ASSERT_THAT(cluster_identifiers(*inventory), ElementsAre("ledger"));

  const WatchedInstance& reader = instance_named(*inventory, "ledger-a");
  EXPECT_EQ(reader.role, "reader");
  EXPECT_EQ(reader.family, catalog::EngineFamily::aurora_postgres);
  EXPECT_EQ(reader.traits.family, catalog::EngineFamily::aurora_postgres);
  EXPECT_EQ(reader.traits.conditions, catalog::kAuroraReader | catalog::kProvisioned);
  const WatchedInstance& writer = instance_named(*inventory, "ledger-b");
  EXPECT_EQ(writer.role, "writer");
  EXPECT_EQ(writer.traits.conditions, catalog::kAuroraWriter | catalog::kProvisioned);

  const WatchedCluster& cluster = inventory->clusters.front();
  EXPECT_EQ(cluster.family, catalog::EngineFamily::aurora_postgres);
  EXPECT_EQ(cluster.account_id, kAccount);
  EXPECT_EQ(cluster.region, "eu-west-1");
  EXPECT_EQ(cluster.traits.conditions, catalog::kProvisioned);
}

TEST_F(RdsInstanceManagerTest, KeepsOnlyTheTagsThatBecomeLabelsButMatchesOnAllOfThem) {
  const aws::Tags many{{"env", "prd"}, {"team", "ledger"}, {"aws:cloudformation:stack-name", "ledger-stack"}};
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "ledger-a", .engine = "aurora-postgresql", .tags = many, .cluster = "ledger"},
                  {.id = "ledger-b", .engine = "aurora-postgresql", .cluster = "ledger"},
                  {.id = "orders", .tags = {{"env", "prd"}, {"owner", "dba@example.com"}}},
              }));
  rds_.answer("DescribeDBClusters", 200,
              clusters_page({{.id = "ledger", .members = {{"ledger-a", true}, {"ledger-b", false}}, .tags = many}}));
  // Matched on env, which no label needs: the instances and the cluster keep team alone.
  const auto inventory = try_discover({{"env", {"prd"}}}, std::vector<std::string>{"team"});
  ASSERT_TRUE(inventory) << inventory.error().describe();
  ASSERT_THAT(identifiers(**inventory), ElementsAre("ledger-a", "ledger-b", "orders"));
  const aws::Tags team{{"team", "ledger"}};
  EXPECT_EQ(instance_named(**inventory, "ledger-a").db.tags, team);
  EXPECT_THAT(instance_named(**inventory, "ledger-b").db.tags, IsEmpty());
  EXPECT_THAT(instance_named(**inventory, "orders").db.tags, IsEmpty());
  EXPECT_EQ((*inventory)->clusters.front().db.tags, team);
  // Without a list (the default), every tag stays.
  EXPECT_EQ(instance_named(*discover({{"env", {"prd"}}}), "ledger-a").db.tags, many);
}

TEST_F(RdsInstanceManagerTest, WatchesAnAuroraClusterThroughAMatchingMember) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "ledger-a", .engine = "aurora-mysql", .tags = kProduction, .cluster = "ledger"},
                  {.id = "ledger-b", .engine = "aurora-mysql", .tags = kDevelopment, .cluster = "ledger"},
                  {.id = "scratch-a", .engine = "aurora-mysql", .tags = kDevelopment, .cluster = "scratch"},
              }));
  rds_.answer("DescribeDBClusters", 200,
              clusters_page({
                  {.id = "scratch", .engine = "aurora-mysql", .members = {{"scratch-a", true}}, .tags = kDevelopment},
                  {.id = "ledger",
                   .engine = "aurora-mysql",
                   .members = {{"ledger-a", true}, {"ledger-b", false}},
                   .tags = {{"team", "ledger"}}},
              }));
  const InventoryPtr inventory = discover({{"env", {"prd"}}});
  EXPECT_THAT(identifiers(*inventory), ElementsAre("ledger-a"));
  EXPECT_THAT(cluster_identifiers(*inventory), ElementsAre("ledger"));
  EXPECT_EQ(inventory->clusters.front().family, catalog::EngineFamily::aurora_mysql);
  EXPECT_EQ(inventory->skipped_by_filter, 2);
}

TEST_F(RdsInstanceManagerTest, ClusterTraitsCoverServerlessAndProvisionedMembers) {
  rds_.answer(
      "DescribeDBInstances", 200,
      instances_page({
          {.id = "mixed-a", .engine = "aurora-postgresql", .instance_class = "db.r6g.large", .cluster = "mixed"},
          {.id = "mixed-b", .engine = "aurora-postgresql", .instance_class = "db.serverless", .cluster = "mixed"},
          {.id = "elastic-a", .engine = "aurora-mysql", .instance_class = "db.serverless", .cluster = "elastic"},
      }));
  rds_.answer("DescribeDBClusters", 200,
              clusters_page({
                  {.id = "mixed", .members = {{"mixed-a", true}, {"mixed-b", false}}},
                  {.id = "elastic", .engine = "aurora-mysql", .members = {{"elastic-a", true}}},
              }));
  const InventoryPtr inventory = discover({});
  ASSERT_THAT(cluster_identifiers(*inventory), ElementsAre("mixed", "elastic"));
  EXPECT_EQ(inventory->clusters[0].traits.conditions, catalog::kServerless | catalog::kProvisioned);
  EXPECT_EQ(inventory->clusters[1].traits.conditions, catalog::kServerless);
  EXPECT_EQ(instance_named(*inventory, "mixed-b").traits.conditions, catalog::kAuroraReader | catalog::kServerless);
}

// A Multi-AZ DB cluster of mysql or postgres publishes no Aurora cluster metrics: its members are plain instances.
TEST_F(RdsInstanceManagerTest, MultiAzDbClusterMembersAreWatchedAsInstancesOnly) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "carts-1", .engine = "mysql", .instance_class = "db.m6gd.large", .cluster = "carts"},
                  {.id = "carts-2", .engine = "mysql", .instance_class = "db.m6gd.large", .cluster = "carts"},
              }));
  rds_.answer("DescribeDBClusters", 200,
              clusters_page({{.id = "carts",
                              .engine = "mysql",
                              .members = {{"carts-1", true}, {"carts-2", false}},
                              .tags = kProduction}}));
  const InventoryPtr inventory = discover({{"env", {"prd"}}});
  EXPECT_THAT(identifiers(*inventory), ElementsAre("carts-1", "carts-2"));
  EXPECT_THAT(inventory->clusters, IsEmpty());
  const WatchedInstance& member = instance_named(*inventory, "carts-1");
  EXPECT_EQ(member.role, "primary");
  EXPECT_EQ(member.traits.conditions, catalog::kLocalNvmeStorage | catalog::kProvisioned);
}

TEST_F(RdsInstanceManagerTest, ReadReplicasHaveTheReplicaRole) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "orders", .tags = kProduction},
                  {.id = "orders-ro", .tags = kProduction, .replica_source = "orders"},
              }));
  const InventoryPtr inventory = discover({{"env", {"prd"}}});
  const WatchedInstance& primary = instance_named(*inventory, "orders");
  EXPECT_EQ(primary.role, "primary");
  EXPECT_EQ(primary.traits.conditions, catalog::kProvisioned);
  const WatchedInstance& replica = instance_named(*inventory, "orders-ro");
  EXPECT_EQ(replica.role, "replica");
  EXPECT_EQ(replica.traits.conditions, catalog::kReadReplica | catalog::kProvisioned);
}

TEST_F(RdsInstanceManagerTest, DerivesConditionsFromClassStorageAndPerformanceInsights) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "tiny",
                   .engine = "mariadb",
                   .instance_class = "db.t3.micro",
                   .storage_type = "gp2",
                   .performance_insights = true},
                  {.id = "nvme", .engine = "sqlserver-se", .instance_class = "db.r5d.xlarge", .storage_type = "io1"},
                  {.id = "plain", .engine = "oracle-ee", .instance_class = "db.r6g.large"},
              }));
  const InventoryPtr inventory = discover({});
  const WatchedInstance& tiny = instance_named(*inventory, "tiny");
  EXPECT_EQ(tiny.family, catalog::EngineFamily::mariadb);
  EXPECT_EQ(tiny.traits.conditions,
            catalog::kBurstableClass | catalog::kGp2Storage | catalog::kPerformanceInsights | catalog::kProvisioned);
  const WatchedInstance& nvme = instance_named(*inventory, "nvme");
  EXPECT_EQ(nvme.family, catalog::EngineFamily::sqlserver);
  EXPECT_EQ(nvme.traits.conditions, catalog::kLocalNvmeStorage | catalog::kProvisioned);
  EXPECT_EQ(instance_named(*inventory, "plain").traits.conditions, catalog::kProvisioned);
}

TEST_F(RdsInstanceManagerTest, TakesAccountAndRegionFromTheArnInEveryPartition) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({
                  {.id = "beijing", .arn = "arn:aws-cn:rds:cn-north-1:111122223333:db:beijing"},
                  {.id = "gov", .arn = "arn:aws-us-gov:rds:us-gov-west-1:444455556666:db:gov"},
                  {.id = "odd", .arn = "not-an-arn"},
              }));
  const InventoryPtr inventory = discover({});
  EXPECT_EQ(instance_named(*inventory, "beijing").account_id, "111122223333");
  EXPECT_EQ(instance_named(*inventory, "beijing").region, "cn-north-1");
  EXPECT_EQ(instance_named(*inventory, "gov").account_id, "444455556666");
  EXPECT_EQ(instance_named(*inventory, "gov").region, "us-gov-west-1");
  EXPECT_EQ(instance_named(*inventory, "odd").account_id, "");
  EXPECT_EQ(instance_named(*inventory, "odd").region, "");
}

TEST_F(RdsInstanceManagerTest, SkipsDescribeDbClustersWhenNoInstanceIsInACluster) {
  rds_.answer("DescribeDBInstances", 200, instances_page({{.id = "orders"}, {.id = "billing"}}));
  const InventoryPtr inventory = discover({});
  EXPECT_THAT(identifiers(*inventory), ElementsAre("orders", "billing"));
  EXPECT_THAT(rds_.actions(), ElementsAre("DescribeDBInstances"));
  // No server-side filter: tags are matched on the TagList every instance carries.
  EXPECT_THAT(rds_.bodies().front(), Not(HasSubstr("Filters")));
}

TEST_F(RdsInstanceManagerTest, FailsWithTheAwsErrorOfDescribeDbInstances) {
  rds_.answer("DescribeDBInstances", 403, query_error("AccessDenied", "not authorized to rds:DescribeDBInstances"));
  const auto result = try_discover({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "AccessDenied");
  EXPECT_EQ(result.error().http_status, 403);
}

TEST_F(RdsInstanceManagerTest, FailsWithTheAwsErrorOfDescribeDbClusters) {
  rds_.answer("DescribeDBInstances", 200,
              instances_page({{.id = "ledger-a", .engine = "aurora-postgresql", .cluster = "ledger"}}));
  rds_.answer("DescribeDBClusters", 403, query_error("AccessDenied", "not authorized to rds:DescribeDBClusters"));
  const auto result = try_discover({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "AccessDenied");
  EXPECT_THAT(result.error().message, HasSubstr("DescribeDBClusters"));
}

TEST_F(RdsInstanceManagerTest, WalksEveryPageInAwsOrder) {
  std::vector<Instance> all;
  for (int i = 0; i < 250; ++i) all.push_back({.id = "db-" + std::to_string(i), .tags = kProduction});
  rds_.answer("DescribeDBInstances", 200,
              instances_page(std::vector<Instance>(all.begin(), all.begin() + 100), "page-2+/="));
  rds_.answer("DescribeDBInstances", 200,
              instances_page(std::vector<Instance>(all.begin() + 100, all.begin() + 200), "page-3"));
  rds_.answer("DescribeDBInstances", 200, instances_page(std::vector<Instance>(all.begin() + 200, all.end())));
  const InventoryPtr inventory = discover({{"env", {"prd"}}});

  ASSERT_EQ(inventory->instances.size(), 250u);
  EXPECT_EQ(inventory->instances_listed, 250);
  for (int i = 0; i < 250; ++i) EXPECT_EQ(inventory->instances[i].db.identifier, "db-" + std::to_string(i));
  const auto bodies = rds_.bodies();
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_THAT(bodies[0], Not(HasSubstr("Marker")));
  EXPECT_THAT(bodies[1], HasSubstr("Marker=page-2%2B%2F%3D"));
  EXPECT_THAT(bodies[2], HasSubstr("Marker=page-3"));
}

}  // namespace
}  // namespace rds_exporter::discovery
