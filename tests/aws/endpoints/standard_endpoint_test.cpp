#include "aws/endpoints/aws_service.h"
#include "aws/endpoints/endpoint_resolver.h"
#include "aws/endpoints/partition.h"

#include <gtest/gtest.h>

#include <string>

namespace rds_exporter::aws {
namespace {

std::string standard(const AwsService& service, std::string_view region) {
  return standard_endpoint_url(service, region, false, false);
}

TEST(StandardEndpoint, CommercialRegionUsesAmazonawsCom) {
  EXPECT_EQ(standard(kRdsService, "eu-west-1"), "https://rds.eu-west-1.amazonaws.com");
  EXPECT_EQ(standard(kCloudWatchService, "eu-west-1"), "https://monitoring.eu-west-1.amazonaws.com");
  EXPECT_EQ(standard(kStsService, "eu-west-1"), "https://sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(standard(kSsoService, "eu-west-1"), "https://portal.sso.eu-west-1.amazonaws.com");
  EXPECT_EQ(standard(kPerformanceInsightsService, "eu-west-1"), "https://pi.eu-west-1.amazonaws.com");
}

TEST(StandardEndpoint, ChinaRegionsUseAmazonawsComCn) {
  EXPECT_EQ(standard(kRdsService, "cn-north-1"), "https://rds.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(standard(kCloudWatchService, "cn-north-1"), "https://monitoring.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(standard(kStsService, "cn-northwest-1"), "https://sts.cn-northwest-1.amazonaws.com.cn");
  EXPECT_EQ(standard(kSsoService, "cn-north-1"), "https://portal.sso.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(standard(kPerformanceInsightsService, "cn-north-1"), "https://pi.cn-north-1.amazonaws.com.cn");
}

TEST(StandardEndpoint, GovCloudRegionsUseAmazonawsCom) {
  EXPECT_EQ(standard(kRdsService, "us-gov-west-1"), "https://rds.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(standard(kCloudWatchService, "us-gov-west-1"), "https://monitoring.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(standard(kStsService, "us-gov-east-1"), "https://sts.us-gov-east-1.amazonaws.com");
  EXPECT_EQ(standard(kSsoService, "us-gov-west-1"), "https://portal.sso.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(standard(kPerformanceInsightsService, "us-gov-west-1"), "https://pi.us-gov-west-1.amazonaws.com");
}

TEST(StandardEndpoint, FipsAddsTheSuffixToTheServiceLabel) {
  EXPECT_EQ(standard_endpoint_url(kRdsService, "us-east-1", true, false), "https://rds-fips.us-east-1.amazonaws.com");
  EXPECT_EQ(standard_endpoint_url(kCloudWatchService, "us-gov-west-1", true, false),
            "https://monitoring-fips.us-gov-west-1.amazonaws.com");
}

TEST(StandardEndpoint, DualStackUsesThePartitionsDualStackDomain) {
  EXPECT_EQ(standard_endpoint_url(kRdsService, "us-east-1", false, true), "https://rds.us-east-1.api.aws");
  EXPECT_EQ(standard_endpoint_url(kRdsService, "cn-north-1", false, true),
            "https://rds.cn-north-1.api.amazonwebservices.com.cn");
}

TEST(StandardEndpoint, FipsAndDualStackTogether) {
  EXPECT_EQ(standard_endpoint_url(kRdsService, "us-east-1", true, true), "https://rds-fips.us-east-1.api.aws");
  EXPECT_EQ(standard_endpoint_url(kCloudWatchService, "us-gov-east-1", true, true),
            "https://monitoring-fips.us-gov-east-1.api.aws");
}

// CloudWatch Logs: service id "CloudWatch Logs", endpoint prefix and signing name "logs".
TEST(StandardEndpoint, CloudWatchLogsInEveryPartitionAndVariant) {
  EXPECT_EQ(standard(kCloudWatchLogsService, "eu-west-1"), "https://logs.eu-west-1.amazonaws.com");
  EXPECT_EQ(standard(kCloudWatchLogsService, "cn-north-1"), "https://logs.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(standard(kCloudWatchLogsService, "us-gov-west-1"), "https://logs.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(standard_endpoint_url(kCloudWatchLogsService, "us-east-1", true, false),
            "https://logs-fips.us-east-1.amazonaws.com");
  EXPECT_EQ(standard_endpoint_url(kCloudWatchLogsService, "eu-west-1", false, true), "https://logs.eu-west-1.api.aws");
  EXPECT_EQ(kCloudWatchLogsService.signing_name, "logs");
  EXPECT_EQ(kCloudWatchLogsService.environment_id, "CLOUDWATCH_LOGS");
  EXPECT_EQ(kCloudWatchLogsService.config_key, "cloudwatch_logs");
}

TEST(Partition, FollowsTheRegionNamePatterns) {
  EXPECT_EQ(partition_of("eu-west-1").name, "aws");
  EXPECT_EQ(partition_of("us-east-1").name, "aws");
  EXPECT_EQ(partition_of("cn-north-1").name, "aws-cn");
  EXPECT_EQ(partition_of("cn-northwest-1").name, "aws-cn");
  EXPECT_EQ(partition_of("us-gov-west-1").name, "aws-us-gov");
  EXPECT_EQ(partition_of("us-iso-east-1").name, "aws-iso");
  EXPECT_EQ(partition_of("us-isob-east-1").name, "aws-iso-b");
}

TEST(Partition, NamesThatOnlyResembleAPartitionsRegionsStayCommercial) {
  for (const std::string region :
       {"cn-north", "cn-north-1a", "us-gov-west-1-2", "US-GOV-WEST-1", "us-gov-1", "xcn-north-1", "cn-no rth-1"}) {
    EXPECT_EQ(partition_of(region).name, "aws") << region;
  }
  EXPECT_EQ(partition_of("us-iso-west-1").name, "aws-iso");
  EXPECT_EQ(partition_of("us-isob-east-1").dns_suffix, "sc2s.sgov.gov");
  EXPECT_EQ(partition_of("cn-northwest-1").dual_stack_dns_suffix, "api.amazonwebservices.com.cn");
}

TEST(Partition, ARegionNewerThanTheTableBelongsToTheCommercialPartition) {
  const Partition& partition = partition_of("xy-central-9");
  EXPECT_EQ(partition.name, "aws");
  EXPECT_EQ(partition.dns_suffix, "amazonaws.com");
  EXPECT_EQ(partition.dual_stack_dns_suffix, "api.aws");
}

TEST(EndpointResolver, WithoutOverridesResolvesTheStandardEndpoint) {
  const EndpointResolver resolver({});
  const auto endpoint = resolver.resolve(kCloudWatchService, "cn-north-1");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->base_url, "https://monitoring.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(endpoint->host_header, "monitoring.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(endpoint->source, "standard");
}

TEST(EndpointResolver, AppliesFipsAndDualStackOptionsToTheStandardEndpoint) {
  EndpointOptions options;
  options.use_fips = true;
  options.use_dual_stack = true;
  const auto endpoint = EndpointResolver(options).resolve(kRdsService, "us-east-1");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->base_url, "https://rds-fips.us-east-1.api.aws");
  EXPECT_EQ(endpoint->host_header, "rds-fips.us-east-1.api.aws");
}

}  // namespace
}  // namespace rds_exporter::aws
