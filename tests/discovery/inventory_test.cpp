#include "discovery/inventory.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <vector>

namespace rds_exporter::discovery {
namespace {

TEST(ParseArn, ReadsRegionAndAccountOfAnInstance) {
  const ArnParts parts = parse_arn("arn:aws:rds:eu-west-1:123456789012:db:orders");
  EXPECT_EQ(parts.partition, "aws");
  EXPECT_EQ(parts.region, "eu-west-1");
  EXPECT_EQ(parts.account_id, "123456789012");
}

TEST(ParseArn, ReadsAClusterArn) {
  const ArnParts parts = parse_arn("arn:aws:rds:us-east-2:210987654321:cluster:inventory-aurora");
  EXPECT_EQ(parts.region, "us-east-2");
  EXPECT_EQ(parts.account_id, "210987654321");
}

TEST(ParseArn, ReadsTheChinaAndGovCloudPartitions) {
  const ArnParts china = parse_arn("arn:aws-cn:rds:cn-north-1:123456789012:db:orders");
  EXPECT_EQ(china.partition, "aws-cn");
  EXPECT_EQ(china.region, "cn-north-1");
  EXPECT_EQ(china.account_id, "123456789012");

  const ArnParts gov = parse_arn("arn:aws-us-gov:rds:us-gov-west-1:123456789012:db:orders");
  EXPECT_EQ(gov.partition, "aws-us-gov");
  EXPECT_EQ(gov.region, "us-gov-west-1");
  EXPECT_EQ(gov.account_id, "123456789012");
}

TEST(ParseArn, GivesEmptyPartsForWhatIsNotAnRdsArn) {
  for (const char* garbage : {"", "orders", "arn:aws:rds", "arn:aws:rds:eu-west-1:123456789012:db",
                              "arn:aws:rds:eu-west-1:123456789012:db:", "arn:aws:ec2:eu-west-1:123456789012:db:orders",
                              "arn:aws:rds::123456789012:db:orders", "arn:aws:rds:eu-west-1:12345:db:orders",
                              "arn:aws:rds:eu-west-1:abcdefghijkl:db:orders", "urn:aws:rds:eu-west-1:123456789012:db:x",
                              "arn::rds:eu-west-1:123456789012:db:orders"}) {
    const ArnParts parts = parse_arn(garbage);
    EXPECT_EQ(parts.partition, "") << garbage;
    EXPECT_EQ(parts.region, "") << garbage;
    EXPECT_EQ(parts.account_id, "") << garbage;
  }
}

Inventory fleet_of_two() {
  Inventory inventory;
  inventory.instances.resize(2);
  inventory.instances[0].db.identifier = "orders";
  inventory.instances[0].db.tags = {{"team", "payments"}};
  inventory.instances[1].db.identifier = "billing";
  inventory.clusters.resize(1);
  inventory.clusters[0].db.identifier = "ledger";
  inventory.instances_listed = 3;
  inventory.skipped_by_filter = 1;
  inventory.discovered_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000));
  return inventory;
}

TEST(SameFleet, IgnoresWhenTheDiscoveryRan) {
  Inventory later = fleet_of_two();
  later.discovered_at += std::chrono::minutes(5);
  EXPECT_TRUE(same_fleet(fleet_of_two(), later));
}

TEST(SameFleet, SeesAnyFieldOfAnInstanceOrClusterAndTheCountsChange) {
  const std::vector<std::function<void(Inventory&)>> changes = {
      [](Inventory& i) { i.instances[0].db.tags[0].second = "billing"; },
      [](Inventory& i) { i.instances[1].db.status = "stopped"; },
      [](Inventory& i) { i.instances[1].traits.conditions |= catalog::kReadReplica; },
      [](Inventory& i) { i.instances[1].role = "replica"; },
      [](Inventory& i) {
        i.clusters[0].db.members.push_back({"orders", true});
      },
      [](Inventory& i) { std::swap(i.instances[0], i.instances[1]); },
      [](Inventory& i) { i.multi_az_clusters.emplace_back(); },
      [](Inventory& i) { i.skipped_by_filter = 2; },
  };
  for (std::size_t n = 0; n < changes.size(); ++n) {
    Inventory changed = fleet_of_two();
    changes[n](changed);
    EXPECT_FALSE(same_fleet(fleet_of_two(), changed)) << "change " << n;
  }
}

}  // namespace
}  // namespace rds_exporter::discovery
