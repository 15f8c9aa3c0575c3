#include "loader_fixture.h"

#include <gmock/gmock.h>

namespace rds_exporter::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST_F(LoaderTest, ConfigDirInTheWorkingDirIsFound) {
  const auto result = load();
  EXPECT_EQ(result.config_dir, "config");
  EXPECT_EQ(result.config_dir_origin, "found ./config");
}

TEST_F(LoaderTest, ExplicitConfigDirBeatsAppConfigDir) {
  scratch.write("flag/default.yaml", "exporter:\n  port: 9001\n");
  scratch.write("flag/development.yaml", "");
  scratch.write("env/default.yaml", "exporter:\n  port: 9002\n");
  scratch.write("env/development.yaml", "");
  request.config_dir = "flag";
  request.environment["APP_CONFIG_DIR"] = "env";
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->exporter.port, 9001);
  EXPECT_EQ(result.config_dir_origin, "flag --config-dir");
  EXPECT_EQ(value_of(result, "exporter.port").source, "flag/default.yaml:2");
}

TEST_F(LoaderTest, AppConfigDirBeatsTheWorkingDir) {
  scratch.write("env/default.yaml", "exporter:\n  port: 9002\n");
  scratch.write("env/development.yaml", "");
  request.environment["APP_CONFIG_DIR"] = (scratch.path() / "env").string();
  const auto result = load();
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->exporter.port, 9002);
  EXPECT_EQ(result.config_dir, (scratch.path() / "env").generic_string());
  EXPECT_EQ(result.config_dir_origin, "env APP_CONFIG_DIR");
}

TEST_F(LoaderTest, SystemConfigDirIsTheLastResort) {
  scratch.write("etc/default.yaml", "");
  scratch.write("etc/development.yaml", "");
  std::filesystem::remove_all(scratch.path() / "config");
  request.system_config_dir = scratch.path() / "etc";
  const auto result = load();
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.config_dir_origin, "found " + (scratch.path() / "etc").generic_string());
}

TEST_F(LoaderTest, NoConfigDirListsEveryPlaceTried) {
  std::filesystem::remove_all(scratch.path() / "config");
  const auto result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_EQ(result.config_dir, "");
  EXPECT_THAT(errors(result),
              ElementsAre(AllOf(HasSubstr("no config dir found"), HasSubstr("--config-dir"),
                                HasSubstr("APP_CONFIG_DIR"), HasSubstr((scratch.path() / "config").generic_string()),
                                HasSubstr(request.system_config_dir.generic_string()))));
}

TEST_F(LoaderTest, MissingExplicitConfigDirIsAnErrorEvenIfOthersExist) {
  request.config_dir = "nowhere";
  EXPECT_THAT(errors(load()), ElementsAre("config dir nowhere (from flag --config-dir) does not exist"));
}

TEST_F(LoaderTest, MissingDefaultYamlIsAnError) {
  std::filesystem::remove(scratch.path() / "config" / "default.yaml");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml does not exist; every config dir needs one"));
}

TEST_F(LoaderTest, DefaultYamlThatIsADirectoryIsAnErrorNotACrash) {
  std::filesystem::remove(scratch.path() / "config" / "default.yaml");
  std::filesystem::create_directory(scratch.path() / "config" / "default.yaml");
  const auto result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result), ElementsAre("config/default.yaml is a directory, not a file"));
}

TEST_F(LoaderTest, RunModeFileThatIsADirectoryIsAnError) {
  std::filesystem::remove(scratch.path() / "config" / "development.yaml");
  std::filesystem::create_directory(scratch.path() / "config" / "development.yaml");
  EXPECT_THAT(errors(load()), ElementsAre("config/development.yaml is a directory, not a file"));
}

// A config dir the system will not look into is not reported as absent: the user would look for a typo.
// (A symlink loop stands in for a directory without permission, which root, running the tests here, can read.)
TEST_F(LoaderTest, AConfigDirThatCannotBeCheckedSaysWhy) {
  std::filesystem::create_symlink("loop", scratch.path() / "loop");
  request.config_dir = "loop";
  EXPECT_THAT(errors(load()),
              ElementsAre("config dir loop (from flag --config-dir) cannot be checked: Too many levels of symbolic "
                          "links"));
}

TEST_F(LoaderTest, ADefaultYamlThatCannotBeCheckedSaysWhy) {
  std::filesystem::remove(scratch.path() / "config" / "default.yaml");
  std::filesystem::create_symlink("default.yaml", scratch.path() / "config" / "default.yaml");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml cannot be checked: Too many levels of symbolic links"));
}

TEST_F(LoaderTest, MissingRunModeFileNamesThePathAndTheModesThatExist) {
  write("production.yaml", "");
  request.environment["RUN_MODE"] = "staging";
  const auto result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result), ElementsAre("RUN_MODE 'staging' (env RUN_MODE) needs config/staging.yaml, which does "
                                          "not exist; modes available in config: development, production"));
}

TEST_F(LoaderTest, RunModeCannotBeDefaultOrAPath) {
  request.environment["RUN_MODE"] = "default";
  EXPECT_THAT(errors(load()), ElementsAre(AllOf(HasSubstr("RUN_MODE 'default'"), HasSubstr("reserved"))));
  request.environment["RUN_MODE"] = "../secrets";
  EXPECT_THAT(errors(load()), ElementsAre(AllOf(HasSubstr("RUN_MODE '../secrets'"), HasSubstr("modes available"))));
}

}  // namespace
}  // namespace rds_exporter::config
