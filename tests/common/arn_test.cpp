#include "common/arn.h"

#include <gtest/gtest.h>

namespace rds_exporter::common {
namespace {

TEST(ParseArn, ReadsTheSixFieldsWithTheResourceWhole) {
  const auto arn = parse_arn("arn:aws:rds:eu-west-1:123456789012:db:orders");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->partition, "aws");
  EXPECT_EQ(arn->service, "rds");
  EXPECT_EQ(arn->region, "eu-west-1");
  EXPECT_EQ(arn->account_id, "123456789012");
  EXPECT_EQ(arn->resource, "db:orders");
}

TEST(ParseArn, AllowsAnEmptyRegionAndAccount) {
  const auto role = parse_arn("arn:aws-us-gov:iam::123456789012:role/rds-exporter");
  ASSERT_TRUE(role);
  EXPECT_EQ(role->partition, "aws-us-gov");
  EXPECT_EQ(role->region, "");
  EXPECT_EQ(role->resource, "role/rds-exporter");
  const auto bucket = parse_arn("arn:aws:s3:::bucket");
  ASSERT_TRUE(bucket);
  EXPECT_EQ(bucket->account_id, "");
}

TEST(ParseArn, RefusesWhatIsNotAnArn) {
  for (const char* text : {"", "orders", "arn:aws:rds", "arn:aws:rds:eu-west-1:123456789012",
                           "arn:aws:rds:eu-west-1:123456789012:", "urn:aws:rds:eu-west-1:123456789012:db:x",
                           "arn::rds:eu-west-1:123456789012:db:x", "arn:aws::eu-west-1:123456789012:db:x",
                           "arn:aws:rds:eu-west-1:12345:db:x", "arn:aws:rds:eu-west-1:abcdefghijkl:db:x"}) {
    EXPECT_FALSE(parse_arn(text).has_value()) << text;
  }
}

TEST(IsAccountId, TakesTwelveDigitsOnly) {
  EXPECT_TRUE(is_account_id("123456789012"));
  EXPECT_FALSE(is_account_id("12345678901"));
  EXPECT_FALSE(is_account_id("1234567890123"));
  EXPECT_FALSE(is_account_id("12345678901a"));
  EXPECT_FALSE(is_account_id(""));
}

}  // namespace
}  // namespace rds_exporter::common
