// The configuration interface as a user meets it: the real binary, real files, real environment.
#include "exporter_paths.h"
#include "subprocess.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <string>

namespace rds_exporter::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

// No AWS SDK setting from the machine running the tests: every variable unset (empty) and no shared config file.
std::map<std::string, std::string> without_aws_settings(std::map<std::string, std::string> environment) {
  for (const char* name : {"AWS_CA_BUNDLE", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_USE_FIPS_ENDPOINT",
                           "AWS_USE_DUALSTACK_ENDPOINT", "AWS_METADATA_SERVICE_TIMEOUT",
                           "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "AWS_PROFILE"}) {
    environment.emplace(name, "");
  }
  environment.emplace("AWS_CONFIG_FILE", "/nonexistent/rds-exporter-test/config");
  environment.emplace("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/rds-exporter-test/credentials");
  return environment;
}

class CheckConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("rds-exporter-config"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& content) { std::ofstream(dir_ / name) << content; }
  std::filesystem::path dir_;
};

TEST(CheckConfig, ShippedConfigurationIsValidInEveryRunMode) {
  for (const std::string mode : {"development", "production"}) {
    const auto result = run(kBinary, {"--check-config", "--config-dir", kShippedConfig}, {{"RUN_MODE", mode}});
    EXPECT_EQ(result.exit_code, 0) << mode << ": " << result.err;
  }
}

TEST(CheckConfig, EnvironmentVariableWinsAndIsNamedAsTheSource) {
  const auto result = run(kBinary, {"--check-config", "--config-dir", kShippedConfig}, {{"APP_EXPORTER_PORT", "9555"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, ContainsRegex("exporter\\.port +9555 +env APP_EXPORTER_PORT"));
}

TEST(CheckConfig, FlagsWinOverEnvironment) {
  const auto result = run(kBinary, {"--check-config", "--config-dir", kShippedConfig, "--log-level", "info,aws=debug",
                                    "--set", "exporter.port=9100"},
                          {{"APP_LOG_LEVEL", "warn"}, {"APP_EXPORTER_PORT", "9555"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, ContainsRegex("log\\.level +info,aws=debug +flag --log-level"));
  EXPECT_THAT(result.out, ContainsRegex("exporter\\.port +9100 +flag --set"));
}

// The README's sample is what a user sees when running it from the repository's root, line numbers included.
TEST(CheckConfig, ReadmeSampleIsWhatTheBinaryPrints) {
  const std::filesystem::path root = kShippedConfig.parent_path();
  std::ifstream readme_file(root / "README.md");
  const std::string readme{std::istreambuf_iterator<char>(readme_file), {}};
  const std::string command = "$ APP_EXPORTER_PORT=9555 rds_exporter --check-config\n";
  const auto start = readme.find(command);
  ASSERT_NE(start, std::string::npos) << "README.md has no sample of: " << command;
  const auto end = readme.find("```", start);
  ASSERT_NE(end, std::string::npos);
  const std::string sample = readme.substr(start + command.size(), end - start - command.size());

  const auto result = run(kBinary, {"--check-config"}, without_aws_settings({{"APP_EXPORTER_PORT", "9555"}}), root);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, sample);
}

TEST(CheckConfig, ShowsEachAwsSdkSettingWithTheSourceThatWon) {
  const auto result = run(kBinary, {"--check-config", "--config-dir", kShippedConfig},
                          without_aws_settings({{"AWS_RETRY_MODE", "adaptive"},
                                                {"AWS_MAX_ATTEMPTS", "5"},
                                                {"APP_CLOUDWATCH_RETRY_ATTEMPTS", "2"},
                                                {"AWS_USE_DUALSTACK_ENDPOINT", "true"}}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("aws.retry_mode: adaptive (from AWS_RETRY_MODE)\n"));
  EXPECT_THAT(result.out, HasSubstr("aws.max_attempts: 2 (from cloudwatch.retry_attempts)\n"));
  EXPECT_THAT(result.out, HasSubstr("aws.use_dualstack_endpoint: true (from AWS_USE_DUALSTACK_ENDPOINT)\n"));
  EXPECT_THAT(result.out, HasSubstr("aws.use_fips_endpoint: false (from default)\n"));
}

TEST(CheckConfig, BadAwsSdkSettingsFailNamingTheVariableAndTheExpectedForm) {
  const auto result = run(kBinary, {"--check-config", "--config-dir", kShippedConfig},
                          without_aws_settings({{"AWS_MAX_ATTEMPTS", "abc"}, {"AWS_RETRY_MODE", "legacy-ish"}}));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("error: AWS_MAX_ATTEMPTS: expected a whole number of attempts"));
  EXPECT_THAT(result.err, HasSubstr("error: AWS_RETRY_MODE: expected standard or adaptive"));
  EXPECT_THAT(result.err, HasSubstr("'legacy-ish'"));
}

TEST(CheckConfig, LegacyRetryModeIsAcceptedAsStandardWithAWarning) {
  const auto result = run(kBinary, {"--check-config", "--config-dir", kShippedConfig},
                          without_aws_settings({{"AWS_RETRY_MODE", "legacy"}}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("warning: AWS_RETRY_MODE: legacy"));
  EXPECT_THAT(result.out, HasSubstr("aws.retry_mode: standard (from AWS_RETRY_MODE)\n"));
}

TEST(CheckConfig, AProfileKeyIsNamedWithItsFile) {
  const auto dir = make_temp_dir("rds-exporter-aws-config");
  const auto config_file = dir / "config";
  std::ofstream(config_file) << "[profile fleet]\nretry_mode = adaptive\nmax_attempts = 4\n";
  auto environment = without_aws_settings({{"AWS_PROFILE", "fleet"}});
  environment["AWS_PROFILE"] = "fleet";
  environment["AWS_CONFIG_FILE"] = config_file.string();
  const auto result = run(kBinary, {"--check-config", "--config-dir", kShippedConfig}, environment);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("aws.retry_mode: adaptive (from retry_mode in profile fleet of " + config_file.string() + ")"));
  EXPECT_THAT(result.out, HasSubstr("aws.max_attempts: 4 (from max_attempts in profile fleet of "));
}

TEST(CheckConfig, ConfigDirectoryComesFromAppConfigDirWhenNoFlagIsGiven) {
  const auto result = run(kBinary, {"--check-config"}, {{"APP_CONFIG_DIR", kShippedConfig.string()}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("APP_CONFIG_DIR"));
}

TEST(CheckConfig, ConfigDirectoryDefaultsToConfigInTheWorkingDirectory) {
  const auto result = run(kBinary, {"--check-config"}, {}, kShippedConfig.parent_path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(CheckConfigTest, MisspelledKeyFailsNamingItAndSuggestingTheRightOne) {
  write("default.yaml", "exporter: {prot: 9043}\n");
  write("development.yaml", "{}\n");
  const auto result = run(kBinary, {"--check-config", "--config-dir", dir_});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("default.yaml:1"));
  EXPECT_THAT(result.err, HasSubstr("prot"));
  EXPECT_THAT(result.err, HasSubstr("did you mean 'exporter.port'"));
}

TEST_F(CheckConfigTest, EveryProblemIsReportedAtOnce) {
  write("default.yaml", "exporter:\n  port: 70000\n  collection_interval: 0\ncloudwatch:\n  stat: average\n");
  write("development.yaml", "{}\n");
  const auto result = run(kBinary, {"--check-config", "--config-dir", dir_}, {{"APP_CLOUDWATCH_PERIOD", "abc"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("exporter.port"));
  EXPECT_THAT(result.err, HasSubstr("70000"));
  EXPECT_THAT(result.err, HasSubstr("exporter.collection_interval"));
  EXPECT_THAT(result.err, HasSubstr("Average"));
  EXPECT_THAT(result.err, HasSubstr("APP_CLOUDWATCH_PERIOD"));
}

TEST_F(CheckConfigTest, MissingRunModeFileIsAnError) {
  write("default.yaml", "{}\n");
  write("development.yaml", "{}\n");
  const auto result = run(kBinary, {"--check-config", "--config-dir", dir_}, {{"RUN_MODE", "prodution"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("prodution.yaml"));
}

TEST_F(CheckConfigTest, UnparsableYamlNamesFileAndLine) {
  write("default.yaml", "exporter:\n  port: [9043\n");
  write("development.yaml", "{}\n");
  const auto result = run(kBinary, {"--check-config", "--config-dir", dir_});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, ContainsRegex("default\\.yaml:[0-9]+"));
}

TEST_F(CheckConfigTest, ServerRefusesToStartWithABadConfiguration) {
  write("default.yaml", "exporter: {port: 70000}\n");
  write("development.yaml", "{}\n");
  const auto result = run(kBinary, {"--config-dir", dir_});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("exporter.port"));
}

TEST(CheckConfig, AwsSecretsInTheEnvironmentAreNeverPrinted) {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const std::string token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
  const auto result = run(kBinary, {"--check-config", "--config-dir", kShippedConfig},
                          {{"AWS_SECRET_ACCESS_KEY", secret}, {"AWS_SESSION_TOKEN", token}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out + result.err, Not(HasSubstr(secret)));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr(token)));
}

TEST(CommandLine, VersionNamesVersionRevisionAndBuildDate) {
  const auto result = run(kBinary, {"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, ContainsRegex("rds_exporter [0-9]+\\.[0-9]+\\.[0-9]+ \\(revision [^,]+, built [0-9]{4}-[0-9]{2}-[0-9]{2}\\)"));
}

TEST(CommandLine, HelpListsEveryFlag) {
  const auto result = run(kBinary, {"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* flag : {"--config-dir", "--check-config", "--log-level", "--log-format", "--version", "--set"}) {
    EXPECT_THAT(result.out, HasSubstr(flag));
  }
}

TEST(CommandLine, UnknownFlagIsAUsageError) {
  const auto result = run(kBinary, {"--chek-config"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--chek-config"));
}

}  // namespace
}  // namespace rds_exporter::testing
