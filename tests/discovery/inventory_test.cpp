#include "discovery/inventory.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rds_exporter::discovery
