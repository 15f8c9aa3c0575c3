#include "sim/app/command_line.h"
#include "sim/app/fleet_source.h"
#include "sim/fleet/fleet_generator.h"

#include <gtest/gtest.h>

#include <vector>

namespace rds_exporter::sim {
namespace {

std::variant<SimOptions, int> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "rds_sim");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(SimCommandLine, DefaultsToPort9044InApNortheast2WithTheFixedSeed) {
  const auto parsed = parse({"--generate", "5"});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(parsed));
  const auto& options = std::get<SimOptions>(parsed);
  EXPECT_EQ(options.port, 9044);
  EXPECT_EQ(options.region, "ap-northeast-2");
  EXPECT_EQ(options.seed, kDefaultGeneratorSeed);
  EXPECT_EQ(options.generate, 5u);
  EXPECT_FALSE(options.fleet_file.has_value());
  EXPECT_FALSE(options.log_requests);
  EXPECT_EQ(std::get<Fleet>(fleet_from(options)).instances().size(), 5u);
}

TEST(SimCommandLine, TakesAFleetFilePortRegionAndSeed) {
  const auto parsed = parse({"--fleet", RDS_SIM_FLEETS_DIR "/demo.yaml", "--port", "0", "--region", "eu-west-1",
                             "--seed", "9", "--log-requests"});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(parsed));
  const auto& options = std::get<SimOptions>(parsed);
  EXPECT_EQ(options.port, 0);
  EXPECT_EQ(options.region, "eu-west-1");
  EXPECT_EQ(options.seed, 9u);
  EXPECT_TRUE(options.log_requests);
  const auto fleet = fleet_from(options);
  ASSERT_TRUE(std::holds_alternative<Fleet>(fleet));
  EXPECT_EQ(std::get<Fleet>(fleet).instances()[0].availability_zone.substr(0, 9), "eu-west-1");
}

TEST(SimCommandLine, TimeScaleRunsDataTimeFasterFrom1To3600) {
  EXPECT_EQ(std::get<SimOptions>(parse({"--generate", "5"})).time_scale, 1);
  EXPECT_EQ(std::get<SimOptions>(parse({"--generate", "5", "--time-scale", "20"})).time_scale, 20);
  EXPECT_EQ(std::get<SimOptions>(parse({"--generate", "5", "--time-scale", "3600"})).time_scale, 3600);
  EXPECT_EQ(std::get<SimOptions>(parse({"--generate", "5"})).time_backdate, std::chrono::seconds(0));
  EXPECT_EQ(std::get<SimOptions>(parse({"--generate", "5", "--time-scale", "20", "--time-backdate", "1800"}))
                .time_backdate,
            std::chrono::seconds(1800));
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--time-scale", "0"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--time-scale", "3601"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--time-scale", "1.5"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--time-backdate", "-1"})), 2);
  ::testing::internal::GetCapturedStderr();
}

TEST(SimCommandLine, SpreadsAGeneratedFleetOverAccountsAndRegions) {
  const auto parsed = parse({"--generate", "30", "--accounts", "3", "--regions", "2", "--region", "eu-west-1"});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(parsed));
  const auto& options = std::get<SimOptions>(parsed);
  EXPECT_EQ(options.accounts, 3u);
  EXPECT_EQ(options.regions, 2u);
  const Fleet fleet = std::get<Fleet>(fleet_from(options));
  EXPECT_EQ(fleet.accounts().size(), 3u);
  EXPECT_EQ(std::vector<std::string>(fleet.regions().begin(), fleet.regions().end()),
            (std::vector<std::string>{"eu-west-1", "us-east-1"}));
  EXPECT_EQ(fleet.in_scope({"210000000003", "us-east-1"}).instances().size(), 5u);

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--accounts", "0"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--regions", "18"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--fleet", RDS_SIM_FLEETS_DIR "/demo.yaml", "--accounts", "2"})), 2);
  ::testing::internal::GetCapturedStderr();
}

TEST(SimCommandLine, ExitsWithTwoOnUsageErrors) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(std::get<int>(parse({})), 2);
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--fleet", RDS_SIM_FLEETS_DIR "/demo.yaml"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--generate", "0"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--region", "Seoul"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--generate", "5", "--port", "70000"})), 2);
  EXPECT_EQ(std::get<int>(parse({"--fleet", "/nonexistent.yaml"})), 2);
  ::testing::internal::GetCapturedStderr();
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(std::get<int>(parse({"--help"})), 0);
  EXPECT_NE(::testing::internal::GetCapturedStdout().find("--generate"), std::string::npos);
}

}  // namespace
}  // namespace rds_exporter::sim
