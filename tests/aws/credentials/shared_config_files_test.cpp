#include "aws/credentials/shared_config_files.h"

#include "temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using ::testing::HasSubstr;
using testing::TempHome;

SharedConfigFiles parsed_files(std::string_view config, std::string_view credentials = "") {
  auto files = SharedConfigFiles::parse({"/h/.aws/config", "/h/.aws/credentials"}, config, credentials);
  EXPECT_TRUE(files) << files.error();
  return *files;
}

TEST(SharedConfigPathsTest, DefaultToTheAwsFolderInHome) {
  const auto paths = shared_config_paths({{"HOME", "/home/x"}});
  EXPECT_EQ(paths.config_file, "/home/x/.aws/config");
  EXPECT_EQ(paths.credentials_file, "/home/x/.aws/credentials");
}

TEST(SharedConfigPathsTest, VariablesOverrideAndTildeMeansHome) {
  const auto paths = shared_config_paths(
      {{"HOME", "/home/x"}, {"AWS_CONFIG_FILE", "~/cfg"}, {"AWS_SHARED_CREDENTIALS_FILE", "/etc/aws/creds"}});
  EXPECT_EQ(paths.config_file, "/home/x/cfg");
  EXPECT_EQ(paths.credentials_file, "/etc/aws/creds");
}

TEST(SharedConfigFilesTest, ConfigProfilesNeedThePrefixExceptDefault) {
  const auto files = parsed_files("[default]\nregion = a\n[profile prod]\nregion = b\n[staging]\nregion = c\n");
  EXPECT_EQ(files.profile_region("default"), "a");
  EXPECT_EQ(files.profile_region("prod"), "b");
  EXPECT_FALSE(files.has_profile("staging"));
  EXPECT_TRUE(files.config_file_has_unprefixed_section("staging"));
  EXPECT_FALSE(files.has_profile("profile prod"));
}

TEST(SharedConfigFilesTest, ProfileDefaultIsTheDefaultProfile) {
  const auto files = parsed_files("[profile default]\nregion = eu-central-1\n");
  EXPECT_EQ(files.profile_region("default"), "eu-central-1");
}

TEST(SharedConfigFilesTest, QuotedProfileNamesMayHoldBlanks) {
  const auto files = parsed_files("[profile \"my team\"]\nregion = a\n");
  EXPECT_EQ(files.profile_region("my team"), "a");
}

TEST(SharedConfigFilesTest, CredentialsFileSectionsAreBareNames) {
  const auto files = parsed_files("", "[prod-keys]\naws_access_key_id = AKID\n[profile odd]\nx = 1\n");
  EXPECT_TRUE(files.has_profile("prod-keys"));
  EXPECT_TRUE(files.has_profile("profile odd"));
  EXPECT_FALSE(files.has_profile("odd"));
}

TEST(SharedConfigFilesTest, TheCredentialsFileWinsInTheMergedView) {
  const auto files = parsed_files("[profile p]\naws_access_key_id = FROMCONFIG\nregion = r\n",
                                  "[p]\naws_access_key_id = FROMCREDENTIALS\n");
  const auto profile = files.profile("p");
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->at("aws_access_key_id"), "FROMCREDENTIALS");
  EXPECT_EQ(profile->at("region"), "r");
  EXPECT_EQ(files.config_file_profile("p")->at("aws_access_key_id"), "FROMCONFIG");
}

TEST(SharedConfigFilesTest, AnEmptyValueCountsAsUnset) {
  const auto files = parsed_files("[default]\nregion = eu-west-1\n", "[default]\nregion =\n");
  EXPECT_EQ(files.profile_region("default"), "eu-west-1");
}

TEST(SharedConfigFilesTest, ServiceEndpointsComeFromTheServicesSectionElseTheProfile) {
  const auto files = parsed_files(
      "[profile local]\nendpoint_url = http://127.0.0.1:4566\nservices = local-services\n"
      "[services local-services]\nrds =\n  endpoint_url = http://127.0.0.1:5000\n"
      "[profile plain]\nregion = x\n");
  EXPECT_EQ(files.profile_endpoint_url("local", "rds"), "http://127.0.0.1:5000");
  EXPECT_EQ(files.profile_endpoint_url("local", "RDS"), "http://127.0.0.1:5000");
  EXPECT_EQ(files.profile_endpoint_url("local", "cloudwatch"), "http://127.0.0.1:4566");
  EXPECT_EQ(files.profile_endpoint_url("plain", "rds"), std::nullopt);
  EXPECT_EQ(files.profile_endpoint_url("missing", "rds"), std::nullopt);
}

TEST(SharedConfigFilesTest, SsoSessionsAreTheirOwnSections) {
  const auto files = parsed_files("[sso-session my-sso]\nsso_start_url = https://x/start\nsso_region = us-east-1\n");
  ASSERT_NE(files.sso_session("my-sso"), nullptr);
  EXPECT_EQ(files.sso_session("my-sso")->at("sso_region"), "us-east-1");
  EXPECT_FALSE(files.has_profile("my-sso"));
}

TEST(SharedConfigFilesTest, MissingFilesAreEmpty) {
  const TempHome home;
  const auto files = SharedConfigFiles::load(home.environment());
  ASSERT_TRUE(files) << files.error();
  EXPECT_FALSE(files->has_profile("default"));
  EXPECT_EQ(files->paths().config_file, home.path() + "/.aws/config");
}

TEST(SharedConfigFilesTest, LoadsBothFilesFromHome) {
  const TempHome home;
  home.write(".aws/config", "[default]\nregion = ap-northeast-2\n");
  home.write(".aws/credentials", "[default]\naws_access_key_id = AKID\n");
  const auto files = SharedConfigFiles::load(home.environment());
  ASSERT_TRUE(files) << files.error();
  EXPECT_EQ(files->profile_region("default"), "ap-northeast-2");
  EXPECT_EQ(files->profile_value("default", "aws_access_key_id"), "AKID");
}

TEST(SharedConfigFilesTest, AParseErrorNamesTheFileAndLine) {
  const TempHome home;
  const std::string path = home.write(".aws/credentials", "[default]\naws_access_key_id\n");
  const auto files = SharedConfigFiles::load(home.environment());
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error(), path + ":2: expected '[section]', 'key = value' or a comment");
}

TEST(SharedConfigFilesTest, AnUnreadableFileIsAnError) {
  const TempHome home;
  home.write(".aws/config/placeholder", "");
  const auto files = SharedConfigFiles::load(home.environment());
  ASSERT_FALSE(files);
  EXPECT_THAT(files.error(), HasSubstr("cannot read " + home.path() + "/.aws/config"));
}

}  // namespace
}  // namespace rds_exporter::aws
