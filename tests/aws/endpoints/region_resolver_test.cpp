#include "aws/endpoints/region_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace rds_exporter::aws {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// Every source answers with its own region; each test takes away the ones it wants unset. The metadata
// callback counts its calls because off EC2 each one costs a connection attempt.
struct AllSources {
  int metadata_calls = 0;
  RegionSources sources;

  AllSources() {
    sources.configured = "eu-west-1";
    sources.environment = {{"AWS_REGION", "eu-west-2"}, {"AWS_DEFAULT_REGION", "eu-west-3"}};
    sources.profile_name = "prod";
    sources.profile_region = "eu-central-1";
    sources.instance_metadata_region = [this]() -> std::optional<std::string> {
      ++metadata_calls;
      return "ap-southeast-2";
    };
  }
  // The callback points back at this object.
  AllSources(const AllSources&) = delete;
  AllSources& operator=(const AllSources&) = delete;
};

RegionChoice resolve_ok(const RegionSources& sources) {
  const auto choice = resolve_region(sources);
  EXPECT_TRUE(choice) << choice.error();
  return choice ? *choice : RegionChoice{};
}

TEST(RegionResolution, ConfiguredRegionComesFirst) {
  AllSources all;
  const auto choice = resolve_ok(all.sources);
  EXPECT_EQ(choice.region, "eu-west-1");
  EXPECT_EQ(choice.source, "aws.region");
  EXPECT_EQ(all.metadata_calls, 0);
}

TEST(RegionResolution, AwsRegionComesNext) {
  AllSources all;
  all.sources.configured.reset();
  const auto choice = resolve_ok(all.sources);
  EXPECT_EQ(choice.region, "eu-west-2");
  EXPECT_EQ(choice.source, "AWS_REGION");
  EXPECT_EQ(all.metadata_calls, 0);
}

TEST(RegionResolution, AwsDefaultRegionComesNext) {
  AllSources all;
  all.sources.configured.reset();
  all.sources.environment["AWS_REGION"] = "";
  const auto choice = resolve_ok(all.sources);
  EXPECT_EQ(choice.region, "eu-west-3");
  EXPECT_EQ(choice.source, "AWS_DEFAULT_REGION");
  EXPECT_EQ(all.metadata_calls, 0);
}

TEST(RegionResolution, ProfileRegionComesNext) {
  AllSources all;
  all.sources.configured.reset();
  all.sources.environment.clear();
  const auto choice = resolve_ok(all.sources);
  EXPECT_EQ(choice.region, "eu-central-1");
  EXPECT_EQ(choice.source, "profile prod");
  EXPECT_EQ(all.metadata_calls, 0);
}

TEST(RegionResolution, InstanceMetadataIsAskedLastAndOnce) {
  AllSources all;
  all.sources.configured.reset();
  all.sources.environment.clear();
  all.sources.profile_region.reset();
  const auto choice = resolve_ok(all.sources);
  EXPECT_EQ(choice.region, "ap-southeast-2");
  EXPECT_EQ(choice.source, "EC2 instance metadata");
  EXPECT_EQ(all.metadata_calls, 1);
}

TEST(RegionResolution, NoRegionAnywhereIsAnErrorListingEveryPlaceLookedAt) {
  int metadata_calls = 0;
  RegionSources sources;
  sources.profile_name = "default";
  sources.instance_metadata_region = [&metadata_calls]() -> std::optional<std::string> {
    ++metadata_calls;
    return std::nullopt;
  };
  const auto choice = resolve_region(sources);
  ASSERT_FALSE(choice) << "resolved to " << choice->region;
  EXPECT_THAT(choice.error(), AllOf(HasSubstr("aws.region"), HasSubstr("AWS_REGION"), HasSubstr("AWS_DEFAULT_REGION"),
                                    HasSubstr("profile default"), HasSubstr("EC2 instance metadata")));
  EXPECT_EQ(metadata_calls, 1);
}

TEST(RegionResolution, NoMetadataLookupConfiguredStillFailsClearly) {
  RegionSources sources;
  sources.profile_name = "default";
  const auto choice = resolve_region(sources);
  ASSERT_FALSE(choice) << "resolved to " << choice->region;
  EXPECT_THAT(choice.error(), AllOf(HasSubstr("AWS_REGION"), HasSubstr("profile default")));
}

TEST(RegionResolution, AMalformedAwsRegionIsAnErrorNamingTheVariable) {
  for (const std::string value : {"eu west 1", "EU-WEST-1", "eu-west", "https://eu-west-1", "eu-west-1a", "eu-1",
                                  "eu--west-1", "eu-west-", "eur-west-1", " eu-west-1"}) {
    AllSources all;
    all.sources.configured.reset();
    all.sources.environment["AWS_REGION"] = value;
    const auto choice = resolve_region(all.sources);
    ASSERT_FALSE(choice) << value << " resolved to " << choice->region;
    EXPECT_THAT(choice.error(), AllOf(HasSubstr("AWS_REGION='" + value + "'"), HasSubstr("region"))) << value;
    EXPECT_EQ(all.metadata_calls, 0);
  }
}

TEST(RegionResolution, AMalformedAwsDefaultRegionIsAnErrorNamingTheVariable) {
  AllSources all;
  all.sources.configured.reset();
  all.sources.environment = {{"AWS_DEFAULT_REGION", "Frankfurt"}};
  const auto choice = resolve_region(all.sources);
  ASSERT_FALSE(choice) << "resolved to " << choice->region;
  EXPECT_THAT(choice.error(), HasSubstr("AWS_DEFAULT_REGION='Frankfurt'"));
}

TEST(RegionResolution, AcceptsRegionNamesOfEveryPartition) {
  for (const std::string region : {"us-east-1", "cn-north-1", "us-gov-west-1", "us-isob-east-1", "ap-southeast-5"}) {
    RegionSources sources;
    sources.environment = {{"AWS_REGION", region}};
    EXPECT_EQ(resolve_ok(sources).region, region);
  }
}

}  // namespace
}  // namespace rds_exporter::aws
