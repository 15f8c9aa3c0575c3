#include "config/key_table.h"
#include "config/loader.h"
#include "config/yaml_layer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace rds_exporter::config {
namespace {

using ::testing::IsEmpty;

const std::filesystem::path kShippedDir = RDS_EXPORTER_SHIPPED_CONFIG_DIR;

LoadResult load_shipped(const std::string& mode) {
  LoadRequest request;
  request.config_dir = kShippedDir;
  request.environment["RUN_MODE"] = mode;
  return load_configuration(request);
}

TEST(ShippedConfig, DevelopmentLoadsCleanlyWithDebugLogs) {
  const auto result = load_shipped("development");
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->log.level.default_level, spdlog::level::debug);
}

TEST(ShippedConfig, ProductionLoadsCleanlyWithJsonLogs) {
  const auto result = load_shipped("production");
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->log.format, LogFormat::json);
}

// default.yaml is the documentation users read; it must state every key, with the value the
// program would use without it.
TEST(ShippedConfig, DefaultYamlRestatesEveryBuiltInDefault) {
  const auto reading = read_yaml_layer(kShippedDir / "default.yaml", "default.yaml");
  EXPECT_THAT(reading.problems, IsEmpty());
  std::set<std::string> stated;
  Settings settings;
  for (const auto& assignment : reading.assignments) {
    stated.insert(assignment.key);
    EXPECT_EQ(find_key(assignment.key)->assign(assignment.value, settings), std::nullopt) << assignment.key;
  }
  const Settings defaults;
  for (const auto& definition : key_table()) {
    EXPECT_TRUE(stated.contains(definition.path)) << definition.path;
    EXPECT_EQ(definition.show(settings), definition.show(defaults)) << definition.path;
  }
}

}  // namespace
}  // namespace rds_exporter::config
