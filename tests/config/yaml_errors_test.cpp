#include "loader_fixture.h"

#include <gmock/gmock.h>

namespace rds_exporter::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST_F(LoaderTest, UnknownKeyNamesFileLineKeyAndTheSiblingItMeant) {
  write("development.yaml", "log:\n  level: debug\nexporter:\n  prot: 9043\n");
  const auto result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result),
              ElementsAre("config/development.yaml:4: unknown key 'exporter.prot'; did you mean 'exporter.port'?"));
}

TEST_F(LoaderTest, UnknownSectionSuggestsTheSection) {
  write("default.yaml", "exportr:\n  port: 9043\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:1: unknown key 'exportr'; did you mean 'exporter'?"));
}

TEST_F(LoaderTest, KeyUnderTheWrongSectionSuggestsWhereItBelongs) {
  write("default.yaml", "aws:\n  port: 9043\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:2: unknown key 'aws.port'; did you mean 'exporter.port'?"));
}

TEST_F(LoaderTest, PortOutOfRangeNamesFileLineKeyRangeAndValue) {
  write("production.yaml", "# production\nlog:\n  format: json\nexporter:\n  port: 70000\n");
  request.environment["RUN_MODE"] = "production";
  EXPECT_THAT(errors(load()),
              ElementsAre("config/production.yaml:5: exporter.port: expected an integer from 1 to 65535, got 70000"));
}

TEST_F(LoaderTest, ZeroCollectionIntervalIsRejected) {
  write("default.yaml", "exporter:\n  collection_interval: 0\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:2: exporter.collection_interval: expected a whole "
                                          "number of seconds from 1 to 86400, got 0"));
}

TEST_F(LoaderTest, LowercaseStatisticSuggestsCloudWatchSpelling) {
  write("default.yaml", "cloudwatch:\n  stat: average\n");
  EXPECT_THAT(errors(load()), ElementsAre(AllOf(StartsWith("config/default.yaml:2: cloudwatch.stat: expected one of"),
                                                HasSubstr("got 'average'; did you mean 'Average'?"))));
}

TEST_F(LoaderTest, PercentileAboveOneHundredIsRejected) {
  write("default.yaml", "cloudwatch:\n  stat: p101\n");
  EXPECT_THAT(errors(load()),
              ElementsAre(AllOf(HasSubstr("cloudwatch.stat"), HasSubstr("p0 to p100"), HasSubstr("got 'p101'"))));
}

TEST_F(LoaderTest, PeriodThatIsNotAMultipleOfSixtyIsRejectedAndSaysWhy) {
  write("default.yaml", "cloudwatch:\n  period: 90\n");
  EXPECT_THAT(errors(load()), ElementsAre(AllOf(StartsWith("config/default.yaml:2: cloudwatch.period: expected"),
                                                HasSubstr("multiple of 60"), HasSubstr("got 90"))));
}

TEST_F(LoaderTest, BadLogLevelReportsTheLevelParsersMessage) {
  write("default.yaml", "log:\n  level: verbose\n");
  EXPECT_THAT(errors(load()), ElementsAre(AllOf(StartsWith("config/default.yaml:2: log.level: unknown level 'verbose'"),
                                                HasSubstr("valid levels"))));
}

TEST_F(LoaderTest, MappingWhereAValueBelongsIsAnError) {
  write("default.yaml", "exporter:\n  port:\n    number: 9043\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:2: exporter.port: expected a single value, got a mapping"));
}

TEST_F(LoaderTest, ValueWhereASectionBelongsIsAnError) {
  write("default.yaml", "exporter: 9043\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:1: exporter: expected a mapping of host, port, "
                                          "collection_interval, stale_after, tag_labels, export_timestamps, delivery, naming, shutdown_grace, "
                                          "read_header_timeout, idle_timeout, max_connections, got 9043"));
}

TEST_F(LoaderTest, SequenceIsAnErrorWhereASingleValueOrASectionBelongs) {
  write("default.yaml", "exporter:\n  host: [a, b]\ntarget:\n  - tag_key\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:2: exporter.host: expected a single value, got a sequence",
                          StartsWith("config/default.yaml:3: target: expected a mapping of tag_key, tag_value, tags, "
                                     "discovery_interval, got a sequence")));
}

TEST_F(LoaderTest, ListsAndMappingsTakeTheFormOfTheirEnvironmentVariables) {
  write("default.yaml",
        "exporter:\n  tag_labels: [team, service]\ntarget:\n  tags: {tier: [gold, silver], owner: ~}\n"
        "cloudwatch:\n  metrics:\n    add: [CPUCreditBalance]\n    statistics: {CPUUtilization: Maximum}\n");
  const auto result = load();
  ASSERT_TRUE(result.settings) << ::testing::PrintToString(errors(result));
  EXPECT_EQ(result.settings->exporter.tag_labels, (std::vector<std::string>{"team", "service"}));
  EXPECT_EQ(result.settings->target.tags, (std::vector<TagRule>{{"tier", {"gold", "silver"}}, {"owner", {}}}));
  EXPECT_EQ(result.settings->cloudwatch.metrics.add, std::vector<std::string>{"CPUCreditBalance"});
  EXPECT_EQ(result.settings->cloudwatch.metrics.statistics.at("CPUUtilization"), "Maximum");
}

TEST_F(LoaderTest, UnknownMetricNamesFileLineAndSuggestion) {
  write("default.yaml", "cloudwatch:\n  metrics:\n    drop: [ReadIops]\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:3: cloudwatch.metrics.drop: 'ReadIops' is not a "
                                          "CloudWatch AWS/RDS metric; did you mean 'ReadIOPS'?"));
}

TEST_F(LoaderTest, ANestedListInAListKeyIsAnError) {
  write("default.yaml", "exporter:\n  tag_labels: [[a]]\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:2: exporter.tag_labels: expected a list of single values"));
}

TEST_F(LoaderTest, FileThatIsNotAMappingIsAnError) {
  write("default.yaml", "- aws\n- exporter\n");
  EXPECT_THAT(errors(load()), ElementsAre(StartsWith("config/default.yaml:1: expected a mapping of sections (aws, "
                                                     "exporter, target, cloudwatch, performance_insights, inventory, enhanced_monitoring, coordination, log, "
                                                     "remote_write), got a "
                                                     "sequence")));
}

TEST_F(LoaderTest, UnparsableYamlNamesFileAndLine) {
  write("default.yaml", "exporter:\n  port: 9043\n  host: [0.0.0.0\ntarget:\n  tag_key: env\n");
  const auto result = load();
  EXPECT_FALSE(result.settings);
  ASSERT_EQ(errors(result).size(), 1u);
  EXPECT_THAT(errors(result)[0], StartsWith("config/default.yaml:4: invalid YAML: "));
}

TEST_F(LoaderTest, DuplicateKeyIsAnError) {
  write("default.yaml", "exporter:\n  port: 9043\n  port: 9044\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:3: duplicate key 'exporter.port' (first set at line 2)"));
}

TEST_F(LoaderTest, EveryProblemIsReportedNotJustTheFirst) {
  write("default.yaml", "exporter:\n  prot: 9043\n  collection_interval: 0\ncloudwatch:\n  stat: average\n");
  write("development.yaml", "cloudwatch:\n  period: 90\n");
  request.environment["APP_EXPORTER_PORT"] = "abc";
  request.overrides.push_back(Override{"log.format", "xml", "flag --set"});
  const auto result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result),
              ElementsAre(StartsWith("config/default.yaml:2:"), StartsWith("config/default.yaml:3:"),
                          StartsWith("config/default.yaml:5:"), StartsWith("config/development.yaml:2:"),
                          StartsWith("APP_EXPORTER_PORT:"), StartsWith("flag --set:")));
}

TEST_F(LoaderTest, BadValueIsReportedEvenWhenAHigherLayerReplacesIt) {
  write("default.yaml", "exporter:\n  port: 70000\n");
  request.environment["APP_EXPORTER_PORT"] = "9555";
  const auto result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result), ElementsAre(StartsWith("config/default.yaml:2: exporter.port:")));
}

}  // namespace
}  // namespace rds_exporter::config
