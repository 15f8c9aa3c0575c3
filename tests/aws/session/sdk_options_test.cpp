#include "aws/session/sdk_options.h"

#include "../credentials/temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace rds_exporter::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempHome;

class SdkOptionsTest : public ::testing::Test {
 protected:
  // Resolves with the profile `profile` of a config file holding `config_text` and a credentials file holding
  // `credentials_text`.
  common::Expected<SdkOptions, std::vector<std::string>> resolve(const std::string& config_text = "",
                                                                 const std::string& credentials_text = "",
                                                                 const std::string& profile = "default") {
    auto files = SharedConfigFiles::parse(SharedConfigPaths{"/home/u/.aws/config", "/home/u/.aws/credentials"},
                                          config_text, credentials_text);
    EXPECT_TRUE(files) << files.error();
    return resolve_sdk_options(SdkOptionSources{settings, environment, *files, profile});
  }

  SdkOptions resolved(const std::string& config_text = "", const std::string& credentials_text = "",
                      const std::string& profile = "default") {
    auto result = resolve(config_text, credentials_text, profile);
    EXPECT_TRUE(result) << ::testing::PrintToString(result ? std::vector<std::string>{} : result.error());
    return result ? *result : SdkOptions{};
  }

  std::vector<std::string> problems(const std::string& config_text = "") {
    auto result = resolve(config_text);
    EXPECT_FALSE(result);
    return result ? std::vector<std::string>{} : result.error();
  }

  config::Settings settings;
  common::Environment environment;
};

constexpr const char* kProfileFiveAdaptive =
    "[default]\nmax_attempts = 5\nretry_mode = adaptive\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n";

TEST_F(SdkOptionsTest, DefaultsWhenNothingIsSet) {
  const SdkOptions options = resolved();
  EXPECT_EQ(options.max_attempts.value, 3);
  EXPECT_EQ(options.max_attempts.source, "default");
  EXPECT_EQ(options.retry_mode.value, RetryMode::standard);
  EXPECT_FALSE(options.use_fips_endpoint.value);
  EXPECT_FALSE(options.use_dualstack_endpoint.value);
  EXPECT_FALSE(options.ca_bundle.value);
  EXPECT_EQ(options.metadata_service_timeout.value, std::chrono::milliseconds(1000));
  EXPECT_FALSE(options.metadata_service_num_attempts.value);
  EXPECT_TRUE(options.warnings.empty());
}

TEST_F(SdkOptionsTest, TheProfilesKeysApplyWhenNothingElseIsSet) {
  const SdkOptions options = resolved(kProfileFiveAdaptive);
  EXPECT_EQ(options.max_attempts.value, 5);
  EXPECT_EQ(options.max_attempts.source, "max_attempts in profile default of /home/u/.aws/config");
  EXPECT_EQ(options.retry_mode.value, RetryMode::adaptive);
  EXPECT_TRUE(options.use_fips_endpoint.value);
  EXPECT_TRUE(options.use_dualstack_endpoint.value);
}

TEST_F(SdkOptionsTest, TheSelectedProfileIsTheOneRead) {
  const SdkOptions options = resolved("[default]\nmax_attempts = 5\n[profile prod]\nmax_attempts = 7\n", "", "prod");
  EXPECT_EQ(options.max_attempts.value, 7);
  EXPECT_EQ(options.max_attempts.source, "max_attempts in profile prod of /home/u/.aws/config");
}

TEST_F(SdkOptionsTest, TheEnvironmentWinsOverTheProfile) {
  environment = {{"AWS_MAX_ATTEMPTS", "8"},
                 {"AWS_RETRY_MODE", "standard"},
                 {"AWS_USE_FIPS_ENDPOINT", "false"},
                 {"AWS_USE_DUALSTACK_ENDPOINT", "FALSE"}};
  const SdkOptions options = resolved(kProfileFiveAdaptive);
  EXPECT_EQ(options.max_attempts.value, 8);
  EXPECT_EQ(options.max_attempts.source, "AWS_MAX_ATTEMPTS");
  EXPECT_EQ(options.retry_mode.value, RetryMode::standard);
  EXPECT_EQ(options.retry_mode.source, "AWS_RETRY_MODE");
  EXPECT_FALSE(options.use_fips_endpoint.value);
  EXPECT_EQ(options.use_fips_endpoint.source, "AWS_USE_FIPS_ENDPOINT");
  EXPECT_FALSE(options.use_dualstack_endpoint.value);
  EXPECT_EQ(options.use_dualstack_endpoint.source, "AWS_USE_DUALSTACK_ENDPOINT");
}

TEST_F(SdkOptionsTest, AnEmptyVariableCountsAsUnset) {
  environment = {{"AWS_MAX_ATTEMPTS", ""}, {"AWS_RETRY_MODE", ""}};
  const SdkOptions options = resolved(kProfileFiveAdaptive);
  EXPECT_EQ(options.max_attempts.value, 5);
  EXPECT_EQ(options.retry_mode.value, RetryMode::adaptive);
}

TEST_F(SdkOptionsTest, TheExportersKeysWinOverTheEnvironmentAndTheProfile) {
  environment = {{"AWS_MAX_ATTEMPTS", "8"}, {"AWS_USE_FIPS_ENDPOINT", "true"}, {"AWS_USE_DUALSTACK_ENDPOINT", "true"}};
  settings.cloudwatch.retry_attempts = 2;
  settings.aws.use_fips_endpoint = false;
  settings.aws.use_dualstack_endpoint = false;
  const SdkOptions options = resolved(kProfileFiveAdaptive);
  EXPECT_EQ(options.max_attempts.value, 2);
  EXPECT_EQ(options.max_attempts.source, "cloudwatch.retry_attempts");
  EXPECT_FALSE(options.use_fips_endpoint.value);
  EXPECT_EQ(options.use_fips_endpoint.source, "aws.use_fips_endpoint");
  EXPECT_FALSE(options.use_dualstack_endpoint.value);
  EXPECT_EQ(options.use_dualstack_endpoint.source, "aws.use_dualstack_endpoint");
  // No exporter key for the retry mode: the profile's adaptive stays.
  EXPECT_EQ(options.retry_mode.value, RetryMode::adaptive);
}

TEST_F(SdkOptionsTest, TheExportersKeyWinsOverTheProfileAlone) {
  settings.cloudwatch.retry_attempts = 4;
  settings.aws.use_fips_endpoint = true;
  const SdkOptions options = resolved("[default]\nmax_attempts = 9\nuse_fips_endpoint = false\n");
  EXPECT_EQ(options.max_attempts.value, 4);
  EXPECT_TRUE(options.use_fips_endpoint.value);
}

TEST_F(SdkOptionsTest, AKeyInTheCredentialsFileIsNamedThere) {
  const SdkOptions options = resolved("", "[default]\nretry_mode = adaptive\n");
  EXPECT_EQ(options.retry_mode.value, RetryMode::adaptive);
  EXPECT_EQ(options.retry_mode.source, "retry_mode in profile default of /home/u/.aws/credentials");
}

TEST_F(SdkOptionsTest, RetryModeIsReadCaseInsensitively) {
  environment = {{"AWS_RETRY_MODE", " Adaptive "}};
  EXPECT_EQ(resolved().retry_mode.value, RetryMode::adaptive);
}

TEST_F(SdkOptionsTest, LegacyRetryModeIsStandardWithAWarning) {
  environment = {{"AWS_RETRY_MODE", "legacy"}};
  const SdkOptions options = resolved();
  EXPECT_EQ(options.retry_mode.value, RetryMode::standard);
  EXPECT_EQ(options.retry_mode.source, "AWS_RETRY_MODE");
  ASSERT_EQ(options.warnings.size(), 1u);
  EXPECT_THAT(options.warnings[0], HasSubstr("AWS_RETRY_MODE"));
  EXPECT_THAT(options.warnings[0], HasSubstr("standard"));
}

TEST_F(SdkOptionsTest, BadValuesAreReportedTogetherNamingTheVariableAndTheExpectedForm) {
  environment = {{"AWS_MAX_ATTEMPTS", "abc"},
                 {"AWS_RETRY_MODE", "legacy-ish"},
                 {"AWS_USE_FIPS_ENDPOINT", "yes"},
                 {"AWS_METADATA_SERVICE_TIMEOUT", "-1"},
                 {"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "0"}};
  EXPECT_THAT(problems(),
              ElementsAre("AWS_MAX_ATTEMPTS: expected a whole number of attempts from 1 to 100, the first one "
                          "included, got 'abc'",
                          "AWS_RETRY_MODE: expected standard or adaptive (legacy is read as standard), got "
                          "'legacy-ish'",
                          "AWS_USE_FIPS_ENDPOINT: expected true or false, got 'yes'",
                          HasSubstr("AWS_METADATA_SERVICE_TIMEOUT: expected seconds above 0"),
                          HasSubstr("AWS_METADATA_SERVICE_NUM_ATTEMPTS: expected a whole number of attempts")));
}

TEST_F(SdkOptionsTest, ABadProfileValueNamesTheKeyTheProfileAndTheFile) {
  EXPECT_THAT(problems("[default]\nmax_attempts = 0\n"),
              ElementsAre("max_attempts in profile default of /home/u/.aws/config: expected a whole number of "
                          "attempts from 1 to 100, the first one included, got '0'"));
}

TEST_F(SdkOptionsTest, ABadValueOutrankedByAnotherSourceIsNotRead) {
  environment = {{"AWS_MAX_ATTEMPTS", "abc"}};
  settings.cloudwatch.retry_attempts = 2;
  EXPECT_EQ(resolved("[default]\nmax_attempts = bogus\n").max_attempts.value, 2);
  environment = {{"AWS_RETRY_MODE", "adaptive"}};
  EXPECT_EQ(resolved("[default]\nretry_mode = bogus\n").retry_mode.value, RetryMode::adaptive);
}

TEST_F(SdkOptionsTest, TheCaBundleComesFromTheEnvironmentElseTheProfileAndMustBeReadable) {
  const TempHome home;
  const std::string from_environment = home.write("env.pem", "pem");
  const std::string from_profile = home.write("profile.pem", "pem");
  EXPECT_EQ(resolved("[default]\nca_bundle = " + from_profile + "\n").ca_bundle.value, from_profile);
  environment = {{"AWS_CA_BUNDLE", from_environment}};
  const SdkOptions options = resolved("[default]\nca_bundle = " + from_profile + "\n");
  EXPECT_EQ(options.ca_bundle.value, from_environment);
  EXPECT_EQ(options.ca_bundle.source, "AWS_CA_BUNDLE");
  environment = {{"AWS_CA_BUNDLE", home.path() + "/missing.pem"}};
  EXPECT_THAT(problems(), ElementsAre(HasSubstr("AWS_CA_BUNDLE: " + home.path() + "/missing.pem does not exist")));
}

TEST_F(SdkOptionsTest, InstanceMetadataSettingsComeFromTheEnvironment) {
  environment = {{"AWS_METADATA_SERVICE_TIMEOUT", "2.5"}, {"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "4"}};
  const SdkOptions options = resolved();
  EXPECT_EQ(options.metadata_service_timeout.value, std::chrono::milliseconds(2500));
  EXPECT_EQ(options.metadata_service_timeout.source, "AWS_METADATA_SERVICE_TIMEOUT");
  EXPECT_EQ(options.metadata_service_num_attempts.value, 4);
}

TEST_F(SdkOptionsTest, TheRetryPolicyTakesAttemptsAndMode) {
  environment = {{"AWS_MAX_ATTEMPTS", "6"}, {"AWS_RETRY_MODE", "adaptive"}};
  const RetryPolicy policy = resolved().retry_policy(std::chrono::milliseconds(250));
  EXPECT_EQ(policy.max_attempts, 6);
  EXPECT_EQ(policy.mode, RetryMode::adaptive);
  EXPECT_EQ(policy.base_delay, std::chrono::milliseconds(250));
}

TEST_F(SdkOptionsTest, RendersEachSettingWithTheSourceThatWon) {
  environment = {{"AWS_RETRY_MODE", "adaptive"}};
  settings.cloudwatch.retry_attempts = 2;
  const std::string text = render_sdk_options(resolved());
  EXPECT_THAT(text, HasSubstr("aws.retry_mode: adaptive (from AWS_RETRY_MODE)\n"));
  EXPECT_THAT(text, HasSubstr("aws.max_attempts: 2 (from cloudwatch.retry_attempts)\n"));
  EXPECT_THAT(text, HasSubstr("aws.use_fips_endpoint: false (from default)\n"));
}

}  // namespace
}  // namespace rds_exporter::aws
