#include "config/value_parsers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

namespace rds_exporter::config {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

template <typename T>
bool accepted(const Parsed<T>& parsed) {
  return std::holds_alternative<T>(parsed);
}

template <typename T>
std::string rejection(const Parsed<T>& parsed) {
  const auto* invalid = std::get_if<Invalid>(&parsed);
  return invalid ? invalid->message : "(accepted)";
}

TEST(AwsRegion, AcceptsStandardGovAndChinaRegions) {
  for (const char* region : {"ap-northeast-2", "us-east-1", "us-gov-west-1", "cn-north-1", "eu-central-2"}) {
    EXPECT_TRUE(accepted(parse_aws_region(region))) << region;
  }
}

TEST(AwsRegion, RejectsNamesThatAreNotRegions) {
  EXPECT_EQ(rejection(parse_aws_region("Seoul")),
            "expected an AWS region name such as ap-northeast-2 or us-gov-west-1, got 'Seoul'");
  EXPECT_FALSE(accepted(parse_aws_region("ap-northeast")));
  EXPECT_FALSE(accepted(parse_aws_region(std::nullopt)));
}

TEST(AwsRegion, SuggestsLowercaseForAnUppercasedRegion) {
  EXPECT_THAT(rejection(parse_aws_region("AP-NORTHEAST-2")), EndsWith("did you mean 'ap-northeast-2'?"));
}

TEST(Host, AcceptsHostnamesAndIpLiteralsOfBothFamilies) {
  for (const char* host : {"0.0.0.0", "127.0.0.1", "::", "::1", "fe80::1", "localhost", "metrics.example.com"}) {
    EXPECT_TRUE(accepted(parse_host(host))) << host;
  }
}

TEST(Host, RejectsMalformedAddresses) {
  for (const char* host : {"", "999.1.1.1", "-bad.example", "exa mple.com", "a..b"}) {
    EXPECT_FALSE(accepted(parse_host(host))) << host;
  }
}

TEST(Host, BracketedIpv6SuggestsTheBareAddress) {
  EXPECT_THAT(rejection(parse_host("[::1]")), EndsWith("did you mean '::1'?"));
}

TEST(Statistic, AcceptsCloudWatchNamesAndPercentiles) {
  for (const char* stat : {"SampleCount", "Average", "Sum", "Minimum", "Maximum", "p0", "p50", "p99", "p99.9", "p99.99",
                           "p100"}) {
    EXPECT_TRUE(accepted(parse_cloudwatch_statistic(stat))) << stat;
  }
}

TEST(Statistic, RejectsWrongCaseAndImpossiblePercentiles) {
  for (const char* stat : {"average", "SUM", "p101", "p99.999", "p", "p-1", "99"}) {
    EXPECT_FALSE(accepted(parse_cloudwatch_statistic(stat))) << stat;
  }
}

TEST(Statistic, UppercasePercentileSuggestsLowercase) {
  EXPECT_THAT(rejection(parse_cloudwatch_statistic("P99")), EndsWith("did you mean 'p99'?"));
}

TEST(RetryDelay, AcceptsFractionsUpToTheLimit) {
  EXPECT_EQ(std::get<std::chrono::milliseconds>(parse_fractional_seconds("0.5", 20.0)), std::chrono::milliseconds(500));
  EXPECT_EQ(std::get<std::chrono::milliseconds>(parse_fractional_seconds("20", 20.0)), std::chrono::seconds(20));
}

TEST(RetryDelay, RejectsZeroTooLongAndNotANumber) {
  EXPECT_EQ(rejection(parse_fractional_seconds("0", 20.0)),
            "expected a number of seconds from 0.001 to 20, such as 0.5, got 0");
  for (const char* delay : {"20.5", "-1", "nan", "inf", "1s"}) {
    EXPECT_FALSE(accepted(parse_fractional_seconds(delay, 20.0))) << delay;
  }
}

TEST(Integer, RejectsFractionsAndOverflow) {
  EXPECT_FALSE(accepted(parse_integer("3.0", 1, 10)));
  EXPECT_FALSE(accepted(parse_integer("99999999999999999999", 1, 10)));
  EXPECT_EQ(rejection(parse_integer("11", 1, 10)), "expected an integer from 1 to 10, got 11");
}

TEST(Tags, KeyMustBeNonEmptyButValueMayBe) {
  EXPECT_FALSE(accepted(parse_tag_key("")));
  EXPECT_TRUE(accepted(parse_tag_value("")));
  EXPECT_THAT(rejection(parse_tag_key(std::string(129, 'k'))), HasSubstr("1 to 128 characters"));
}

TEST(Tags, LimitCountsCharactersNotBytes) {
  std::string korean;
  for (int i = 0; i < 128; ++i) korean += "가";
  EXPECT_TRUE(accepted(parse_tag_key(korean)));
}

TEST(Describe, QuotesTextButNotNumbers) {
  EXPECT_EQ(describe("70000"), "70000");
  EXPECT_EQ(describe("abc"), "'abc'");
  EXPECT_EQ(describe(std::nullopt), "null");
}

}  // namespace
}  // namespace rds_exporter::config
