#include "config/key_table.h"

#include <gtest/gtest.h>

#include <set>

namespace rds_exporter::config {
namespace {

TEST(KeyTable, EnvironmentNamesFollowThePrototypesScheme) {
  ASSERT_NE(find_key("aws.credentials.profile"), nullptr);
  EXPECT_EQ(find_key("aws.credentials.profile")->env_name, "APP_AWS_CREDENTIALS_PROFILE");
  EXPECT_EQ(find_key("exporter.collection_interval")->env_name, "APP_EXPORTER_COLLECTION_INTERVAL");
  EXPECT_EQ(find_key("cloudwatch.retry_delay")->env_name, "APP_CLOUDWATCH_RETRY_DELAY");
}

TEST(KeyTable, EnvironmentNamesAreUnambiguous) {
  std::set<std::string> names;
  for (const auto& definition : key_table())
    EXPECT_TRUE(names.insert(definition.env_name).second) << definition.env_name;
}

TEST(KeyTable, BuiltInDefaultsPassTheirOwnValidation) {
  const Settings defaults;
  for (const auto& definition : key_table()) {
    Settings settings;
    EXPECT_EQ(definition.assign(definition.show(defaults), settings), std::nullopt) << definition.path;
    EXPECT_EQ(definition.show(settings), definition.show(defaults)) << definition.path;
  }
}

TEST(KeyTable, UnsetProfileShowsAsUnset) {
  // Named, not a temporary: g++ 12 at -O3 takes the map inside a temporary Settings for maybe uninitialized once
  // this file shares a unity batch with others (-Wmaybe-uninitialized, a false positive).
  const Settings defaults;
  EXPECT_EQ(find_key("aws.credentials.profile")->show(defaults), std::nullopt);
}

TEST(KeyTable, UnknownKeySuggestionsPreferSiblings) {
  EXPECT_EQ(unknown_key_message("exporter.prot"), "unknown key 'exporter.prot'; did you mean 'exporter.port'?");
  EXPECT_EQ(unknown_key_message("aws.credential"), "unknown key 'aws.credential'; did you mean 'aws.credentials'?");
  EXPECT_EQ(unknown_key_message("region"), "unknown key 'region'; did you mean 'aws.region'?");
  EXPECT_EQ(unknown_key_message("database.url"), "unknown key 'database.url'");
}

}  // namespace
}  // namespace rds_exporter::config
