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
