#include "config/value_parsers.h"

#include "rejection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

namespace rds_exporter::config {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

template <typename T>
bool accepted(const Parsed<T>& parsed) {
  return std::holds_alternative<T>(parsed);
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
  for (const char* stat :
       {"SampleCount", "Average", "Sum", "Minimum", "Maximum", "p0", "p50", "p99", "p99.9", "p99.99", "p100"}) {
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

TEST(Tags, EmptyKeyMeansNoConditionAndValueMayBeEmpty) {
  EXPECT_TRUE(accepted(parse_tag_key("")));
  EXPECT_TRUE(accepted(parse_tag_value("")));
  EXPECT_THAT(rejection(parse_tag_key(std::string(129, 'k'))), HasSubstr("at most 128 characters"));
}

TEST(TagRules, KeyValueAlternativesAndAnyValue) {
  const auto rules = std::get<std::vector<TagRule>>(parse_tag_rules("env=prd, team=payments|billing,owner,tier=*"));
  EXPECT_EQ(rules, (std::vector<TagRule>{{"env", {"prd"}}, {"team", {"payments", "billing"}}, {"owner", {}},
                                         {"tier", {}}}));
  EXPECT_TRUE(std::get<std::vector<TagRule>>(parse_tag_rules("")).empty());
  EXPECT_TRUE(std::get<std::vector<TagRule>>(parse_tag_rules(std::nullopt)).empty());
  EXPECT_EQ(std::get<std::vector<TagRule>>(parse_tag_rules("note=")), (std::vector<TagRule>{{"note", {""}}}));
}

TEST(TagRules, RejectsAMissingKeyAndARepeatedOne) {
  EXPECT_THAT(rejection(parse_tag_rules("=prd")), HasSubstr("has no tag key"));
  EXPECT_THAT(rejection(parse_tag_rules("env=prd,env=stg")), HasSubstr("list its values as key=v1|v2"));
}

TEST(MetricNames, AcceptsCatalogNamesAndSuggestsForTypos) {
  EXPECT_EQ(std::get<std::vector<std::string>>(parse_metric_names("CPUCreditBalance, EBSByteBalance%")),
            (std::vector<std::string>{"CPUCreditBalance", "EBSByteBalance%"}));
  EXPECT_EQ(rejection(parse_metric_names("CPUUtilisation")),
            "'CPUUtilisation' is not a CloudWatch AWS/RDS metric; did you mean 'CPUUtilization'?");
  // The seed README's names that CloudWatch does not have.
  EXPECT_FALSE(accepted(parse_metric_names("InnoDBPoolHits")));
  EXPECT_FALSE(accepted(parse_metric_names("cpuutilization")));
}

TEST(MetricStatistics, PairsMetricsWithValidStatistics) {
  EXPECT_EQ((std::get<std::map<std::string, std::string>>(
                parse_metric_statistics("CPUUtilization=Maximum,ReadLatency=p99"))),
            (std::map<std::string, std::string>{{"CPUUtilization", "Maximum"}, {"ReadLatency", "p99"}}));
  EXPECT_THAT(rejection(parse_metric_statistics("CPUUtilization")), HasSubstr("MetricName=Statistic"));
  EXPECT_THAT(rejection(parse_metric_statistics("CPUUtilization=Avg")), HasSubstr("CPUUtilization: expected one of"));
  EXPECT_THAT(rejection(parse_metric_statistics("Threads=Average")), HasSubstr("not a CloudWatch AWS/RDS metric"));
}

TEST(Tags, LimitCountsCharactersNotBytes) {
  std::string korean;
  for (int i = 0; i < 128; ++i) korean += "가";
  EXPECT_TRUE(accepted(parse_tag_key(korean)));
}

TEST(AwsRegion, OptionalRegionMayBeLeftUnsetButNotMistyped) {
  EXPECT_EQ(std::get<std::optional<std::string>>(parse_optional_aws_region(std::nullopt)), std::nullopt);
  EXPECT_EQ(std::get<std::optional<std::string>>(parse_optional_aws_region("")), std::nullopt);
  EXPECT_EQ(std::get<std::optional<std::string>>(parse_optional_aws_region("eu-west-1")), "eu-west-1");
  EXPECT_THAT(rejection(parse_optional_aws_region("Seoul")), HasSubstr("an AWS region name"));
}

TEST(EndpointUrl, AcceptsHttpsAnywhereAndPlainHttpOnlyOnLoopback) {
  for (const char* url : {"https://rds.eu-west-1.amazonaws.com", "http://127.0.0.1:9044", "http://localhost:4566/",
                          "http://[::1]:9044", "https://vpce-1.rds.eu-west-1.vpce.amazonaws.com/base"}) {
    EXPECT_TRUE(accepted(parse_optional_endpoint_url(url))) << url;
  }
  EXPECT_THAT(rejection(parse_optional_endpoint_url("http://10.0.0.5:9044")),
              HasSubstr("expected https for '10.0.0.5': requests carry signatures"));
  EXPECT_THAT(rejection(parse_optional_endpoint_url("rds.amazonaws.com")), HasSubstr("an http or https URL"));
  EXPECT_THAT(rejection(parse_optional_endpoint_url("ftp://host")), HasSubstr("an http or https URL"));
}

TEST(RoleArn, AcceptsRoleArnsOfEveryPartition) {
  for (const char* arn : {"arn:aws:iam::123456789012:role/rds-exporter", "arn:aws-cn:iam::123456789012:role/a/b",
                          "arn:aws-us-gov:iam::123456789012:role/x"}) {
    EXPECT_TRUE(accepted(parse_optional_role_arn(arn))) << arn;
  }
  for (const char* arn : {"arn:aws:iam::123456789012:user/bob", "arn:aws:iam::1234:role/x", "rds-exporter"}) {
    EXPECT_THAT(rejection(parse_optional_role_arn(arn)), HasSubstr("a role ARN such as")) << arn;
  }
}

TEST(ExternalId, RejectionNeverRepeatsTheValue) {
  EXPECT_TRUE(accepted(parse_optional_external_id("rdssim-external-id")));
  const std::string secret = "secret value with spaces";
  EXPECT_THAT(rejection(parse_optional_external_id(secret)), Not(HasSubstr("secret")));
}

TEST(SessionName, FollowsStsLimits) {
  EXPECT_TRUE(accepted(parse_role_session_name("rds-exporter@prod")));
  EXPECT_FALSE(accepted(parse_role_session_name("x")));
  EXPECT_FALSE(accepted(parse_role_session_name("has space")));
}

TEST(Boolean, TakesTrueAndFalseOnly) {
  EXPECT_EQ(std::get<bool>(parse_boolean("true")), true);
  EXPECT_EQ(std::get<bool>(parse_boolean("false")), false);
  EXPECT_EQ(rejection(parse_boolean("yes")), "expected true or false, got 'yes'");
}

TEST(RateLimit, ZeroTurnsItOffAndNegativeIsRefused) {
  EXPECT_EQ(std::get<double>(parse_rate_limit("0")), 0);
  EXPECT_EQ(std::get<double>(parse_rate_limit("2.5")), 2.5);
  EXPECT_THAT(rejection(parse_rate_limit("-1")), HasSubstr("requests per second from 0"));
}

TEST(Describe, QuotesTextButNotNumbers) {
  EXPECT_EQ(describe("70000"), "70000");
  EXPECT_EQ(describe("abc"), "'abc'");
  EXPECT_EQ(describe(std::nullopt), "null");
}

}  // namespace
}  // namespace rds_exporter::config
