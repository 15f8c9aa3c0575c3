#include "loader_fixture.h"

#include <gmock/gmock.h>

namespace rds_exporter::config {
namespace {

using ::testing::IsEmpty;

TEST_F(LoaderTest, BuiltInDefaultsApplyWhenNoLayerSetsAKey) {
  const auto result = load();
  ASSERT_TRUE(result.settings) << result.problems.size();
  EXPECT_EQ(result.settings->exporter.port, 9043);
  EXPECT_EQ(result.settings->aws.region, std::nullopt);
  EXPECT_EQ(result.settings->aws.rate_limit.cloudwatch, 40);
  EXPECT_EQ(result.settings->aws.credentials_profile, std::nullopt);
  EXPECT_EQ(value_of(result, "exporter.port").source, "default");
}

TEST_F(LoaderTest, DefaultYamlBeatsBuiltInDefaults) {
  write("default.yaml", "exporter:\n  port: 9100\n");
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->exporter.port, 9100);
  EXPECT_EQ(value_of(result, "exporter.port").source, "config/default.yaml:2");
}

TEST_F(LoaderTest, RunModeFileBeatsDefaultYaml) {
  write("default.yaml", "exporter:\n  port: 9100\n");
  write("development.yaml", "# dev\nexporter:\n  port: 9200\n");
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->exporter.port, 9200);
  EXPECT_EQ(value_of(result, "exporter.port").source, "config/development.yaml:3");
}

TEST_F(LoaderTest, RunModeEnvironmentVariablePicksTheModeFile) {
  write("development.yaml", "log:\n  format: text\n");
  write("production.yaml", "log:\n  format: json\n");
  request.environment["RUN_MODE"] = "production";
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->log.format, LogFormat::json);
  EXPECT_EQ(result.run_mode, "production");
  EXPECT_EQ(result.run_mode_origin, "env RUN_MODE");
}

TEST_F(LoaderTest, RunModeDefaultsToDevelopment) {
  const auto result = load();
  EXPECT_EQ(result.run_mode, "development");
  EXPECT_EQ(result.run_mode_origin, "default");
}

TEST_F(LoaderTest, EnvironmentBeatsRunModeFile) {
  write("development.yaml", "exporter:\n  port: 9200\n");
  request.environment["APP_EXPORTER_PORT"] = "9555";
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->exporter.port, 9555);
  EXPECT_EQ(value_of(result, "exporter.port").source, "env APP_EXPORTER_PORT");
}

TEST_F(LoaderTest, OverrideBeatsEnvironment) {
  request.environment["APP_LOG_LEVEL"] = "warn";
  request.overrides.push_back(Override{"log.level", "info,aws=debug", "flag --log-level"});
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->log.level_text, "info,aws=debug");
  EXPECT_EQ(result.settings->log.level.level_for("aws"), spdlog::level::debug);
  EXPECT_EQ(value_of(result, "log.level").source, "flag --log-level");
}

TEST_F(LoaderTest, LaterOverridesWin) {
  request.overrides.push_back(Override{"exporter.port", "9001", "flag --set"});
  request.overrides.push_back(Override{"exporter.port", "9002", "flag --port"});
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->exporter.port, 9002);
  EXPECT_EQ(value_of(result, "exporter.port").source, "flag --port");
}

TEST_F(LoaderTest, NestedKeyIsReadFromItsEnvironmentVariable) {
  request.environment["APP_AWS_CREDENTIALS_PROFILE"] = "sso-admin";
  request.environment["APP_EXPORTER_COLLECTION_INTERVAL"] = "30";
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->aws.credentials_profile, "sso-admin");
  EXPECT_EQ(result.settings->exporter.collection_interval, std::chrono::seconds(30));
}

TEST_F(LoaderTest, EmptyEnvironmentValueUnsetsAnOptionalKeyAFileSet) {
  write("default.yaml", "aws:\n  credentials:\n    profile: sso-admin\n");
  request.environment["APP_AWS_CREDENTIALS_PROFILE"] = "";
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->aws.credentials_profile, std::nullopt);
  EXPECT_EQ(value_of(result, "aws.credentials.profile").value, std::nullopt);
}

TEST_F(LoaderTest, EmptySectionIsAllowed) {
  write("default.yaml", "aws:\n  # region: us-east-1\nexporter:\n");
  const auto result = load();
  EXPECT_TRUE(result.settings);
  EXPECT_THAT(result.problems, IsEmpty());
}

TEST_F(LoaderTest, QuotedNumbersAndFractionalDelaysAreAccepted) {
  write("default.yaml", "exporter:\n  port: \"9100\"\ncloudwatch:\n  retry_delay: 0.5\n  stat: p99.9\n");
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->exporter.port, 9100);
  EXPECT_EQ(result.settings->cloudwatch.retry_delay, std::chrono::milliseconds(500));
  EXPECT_EQ(result.settings->cloudwatch.stat, "p99.9");
}

}  // namespace
}  // namespace rds_exporter::config
