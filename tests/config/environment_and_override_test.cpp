#include "loader_fixture.h"

#include <gmock/gmock.h>

namespace rds_exporter::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST_F(LoaderTest, BadEnvironmentValueNamesTheVariable) {
  request.environment["APP_EXPORTER_PORT"] = "abc";
  const auto result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result), ElementsAre("APP_EXPORTER_PORT: expected an integer from 1 to 65535, got 'abc'"));
}

TEST_F(LoaderTest, MisspeltEnvironmentVariableWarnsWithSuggestionButDoesNotFail) {
  request.environment["APP_EXPORTER_PROT"] = "hunter2";
  const auto result = load();
  EXPECT_TRUE(result.settings);
  EXPECT_THAT(warnings(result),
              ElementsAre(AllOf(HasSubstr("APP_EXPORTER_PROT"), HasSubstr("did you mean APP_EXPORTER_PORT?"),
                                Not(HasSubstr("hunter2")))));
}

TEST_F(LoaderTest, UnknownVariableUnderAConfigSectionWarns) {
  request.environment["APP_LOG_DESTINATION"] = "/var/log/x";
  EXPECT_THAT(warnings(load()), ElementsAre("environment variable APP_LOG_DESTINATION is not a configuration key and "
                                            "is ignored"));
}

TEST_F(LoaderTest, OtherSoftwaresAppVariablesAreLeftAlone) {
  request.environment["APP_NAME"] = "billing";
  request.environment["APP_VERSION"] = "1.2.3";
  request.environment[std::string("APP_CONFIG_DIR")] = "config";
  const auto result = load();
  EXPECT_TRUE(result.settings);
  EXPECT_THAT(result.problems, IsEmpty());
}

TEST_F(LoaderTest, OverrideOfUnknownKeyIsAnErrorWithSuggestion) {
  request.overrides.push_back(Override{"exporter.prot", "9043", "flag --set"});
  const auto result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result), ElementsAre("flag --set: unknown key 'exporter.prot'; did you mean 'exporter.port'?"));
}

TEST_F(LoaderTest, OverrideOfASectionSaysWhichKeysItHolds) {
  request.overrides.push_back(Override{"exporter", "9043", "flag --set"});
  EXPECT_THAT(errors(load()), ElementsAre("flag --set: 'exporter' is a section, not a key; its keys are host, port, "
                                          "collection_interval, stale_after, tag_labels, export_timestamps, delivery, "
                                          "naming, shutdown_grace, read_header_timeout, idle_timeout, max_connections"));
}

TEST_F(LoaderTest, BadOverrideValueNamesTheFlagAndKey) {
  request.overrides.push_back(Override{"log.format", "JSON", "flag --log-format"});
  EXPECT_THAT(errors(load()),
              ElementsAre("flag --log-format: log.format: expected text or json, got 'JSON'; did you mean 'json'?"));
}

TEST_F(LoaderTest, DeliveryIsNewestOrReplay) {
  request.environment["APP_EXPORTER_DELIVERY"] = "replay";
  const auto loaded = load();
  ASSERT_TRUE(loaded.settings);
  EXPECT_EQ(loaded.settings->exporter.delivery, Delivery::replay);
  request.environment["APP_EXPORTER_DELIVERY"] = "replays";
  EXPECT_THAT(errors(load()),
              ElementsAre("APP_EXPORTER_DELIVERY: expected newest or replay, got 'replays'; did you mean 'replay'?"));
}

TEST_F(LoaderTest, NamingIsPrototypeUnlessPrometheusIsAsked) {
  ASSERT_TRUE(load().settings);
  EXPECT_EQ(load().settings->exporter.naming, Naming::prototype);
  request.environment["APP_EXPORTER_NAMING"] = "prometheus";
  const auto loaded = load();
  ASSERT_TRUE(loaded.settings);
  EXPECT_EQ(loaded.settings->exporter.naming, Naming::prometheus);
  request.environment["APP_EXPORTER_NAMING"] = "Prometheus";
  EXPECT_THAT(errors(load()), ElementsAre("APP_EXPORTER_NAMING: expected prototype or prometheus, got 'Prometheus'; "
                                          "did you mean 'prometheus'?"));
  request.environment.erase("APP_EXPORTER_NAMING");
  write("default.yaml", "exporter:\n  naming: prometeus\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:2: exporter.naming: expected prototype or prometheus, "
                                          "got 'prometeus'; did you mean 'prometheus'?"));
}

}  // namespace
}  // namespace rds_exporter::config
