#include "app/command_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace rds_exporter::app {
namespace {

std::variant<CommandLine, int> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "rds_exporter");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(CommandLine, FlagsBecomeOverridesNamedAfterTheFlag) {
  const auto parsed = parse({"--log-level", "info,aws=debug", "--log-format", "json", "--set", "exporter.port=9100"});
  ASSERT_TRUE(std::holds_alternative<CommandLine>(parsed));
  const auto& overrides = std::get<CommandLine>(parsed).overrides;
  ASSERT_EQ(overrides.size(), 3u);
  EXPECT_EQ(overrides[0].key, "log.level");
  EXPECT_EQ(overrides[0].value, "info,aws=debug");
  EXPECT_EQ(overrides[0].source, "flag --log-level");
  EXPECT_EQ(overrides[1].key, "log.format");
  EXPECT_EQ(overrides[2].key, "exporter.port");
  EXPECT_EQ(overrides[2].value, "9100");
  EXPECT_EQ(overrides[2].source, "flag --set");
}

TEST(CommandLine, SetKeepsEverythingAfterTheFirstEqualsSign) {
  const auto parsed = parse({"--set", "target.tag_value=a=b"});
  ASSERT_TRUE(std::holds_alternative<CommandLine>(parsed));
  EXPECT_EQ(std::get<CommandLine>(parsed).overrides.at(0).value, "a=b");
}

TEST(CommandLine, ConfigDirAndCheckConfig) {
  const auto parsed = parse({"--config-dir", "/tmp/conf", "--check-config"});
  ASSERT_TRUE(std::holds_alternative<CommandLine>(parsed));
  EXPECT_EQ(std::get<CommandLine>(parsed).config_dir, std::filesystem::path("/tmp/conf"));
  EXPECT_TRUE(std::get<CommandLine>(parsed).check_config);
}

TEST(CommandLine, NoFlagsMeansNoOverridesAndNoConfigDir) {
  const auto parsed = parse({});
  ASSERT_TRUE(std::holds_alternative<CommandLine>(parsed));
  EXPECT_TRUE(std::get<CommandLine>(parsed).overrides.empty());
  EXPECT_FALSE(std::get<CommandLine>(parsed).config_dir.has_value());
}

TEST(CommandLine, TestingTimeScaleIsHiddenAndTakesAnOrigin) {
  const auto none = std::get<CommandLine>(parse({}));
  EXPECT_FALSE(none.testing_time_scale.has_value());
  EXPECT_FALSE(none.testing_time_origin.has_value());
  const auto scaled = std::get<CommandLine>(parse({"--testing.time-scale", "20", "--testing.time-origin", "1.5e9"}));
  EXPECT_EQ(scaled.testing_time_scale, 20);
  EXPECT_EQ(scaled.testing_time_origin, std::chrono::system_clock::time_point{} + std::chrono::seconds(1500000000));
  EXPECT_EQ(scaled.testing_time_backdate, std::chrono::seconds(0));
  EXPECT_EQ(std::get<CommandLine>(parse({"--testing.time-scale", "20", "--testing.time-backdate", "1800"}))
                .testing_time_backdate,
            std::chrono::seconds(1800));
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(std::get<int>(parse({"--testing.time-scale", "0"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--testing.time-scale", "3601"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--testing.time-origin", "1.5e9"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--testing.time-backdate", "60"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--help"})), 0);
  const std::string help = ::testing::internal::GetCapturedStdout();
  ::testing::internal::GetCapturedStderr();
  EXPECT_NE(help.find("--set"), std::string::npos);
  EXPECT_EQ(help.find("testing"), std::string::npos) << help;
}

TEST(CommandLine, SetWithoutEqualsSignIsAUsageError) {
  testing::internal::CaptureStderr();
  const auto parsed = parse({"--set", "exporter.port"});
  const std::string error = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(std::holds_alternative<int>(parsed));
  EXPECT_EQ(std::get<int>(parsed), 2);
  EXPECT_THAT(error, testing::HasSubstr("KEY=VALUE"));
}

}  // namespace
}  // namespace rds_exporter::app
