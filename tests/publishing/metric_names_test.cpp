#include "publishing/metric_names.h"

#include "exposition/names.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::publishing {
namespace {

TEST(PrometheusMetricName, MatchesTheSeedsNamesForItsCommonMetrics) {
  const std::vector<std::pair<std::string, std::string>> seed = {
      {"CPUUtilization", "rds_cpuutilization"},
      {"FreeableMemory", "rds_freeablememory"},
      {"FreeStorageSpace", "rds_freestoragespace"},
      {"DatabaseConnections", "rds_databaseconnections"},
      {"ReadIOPS", "rds_readiops"},
      {"WriteIOPS", "rds_writeiops"},
      {"ReadLatency", "rds_readlatency"},
      {"WriteLatency", "rds_writelatency"},
      {"DiskQueueDepth", "rds_diskqueuedepth"},
      {"ReadThroughput", "rds_readthroughput"},
      {"WriteThroughput", "rds_writethroughput"},
      {"NetworkReceiveThroughput", "rds_networkreceivethroughput"},
      {"NetworkTransmitThroughput", "rds_networktransmitthroughput"},
  };
  for (const auto& [cloudwatch, prometheus] : seed) EXPECT_EQ(prometheus_metric_name(cloudwatch), prometheus);
}

TEST(PrometheusMetricName, SpellsThePercentSign) {
  EXPECT_EQ(prometheus_metric_name("EBSByteBalance%"), "rds_ebsbytebalance_percent");
  EXPECT_EQ(prometheus_metric_name("EBSIOBalance%"), "rds_ebsiobalance_percent");
}

TEST(PrometheusMetricName, ReplacesOtherForbiddenCharacters) {
  EXPECT_EQ(prometheus_metric_name("Some-Metric.Name/x"), "rds_some_metric_name_x");
  EXPECT_EQ(prometheus_metric_name("already_snake:case"), "rds_already_snake:case");
  EXPECT_EQ(prometheus_metric_name("Caf\xc3\xa9"), "rds_caf__");
  EXPECT_TRUE(exposition::is_valid_metric_name(prometheus_metric_name("9Lives% -x")));
}

TEST(TagLabelName, ReplacesForbiddenCharactersAndKeepsCase) {
  EXPECT_EQ(tag_label_name("aws:cloudformation:stack-name"), "tag_aws_cloudformation_stack_name");
  EXPECT_EQ(tag_label_name("env"), "tag_env");
  EXPECT_EQ(tag_label_name("CostCenter"), "tag_CostCenter");
  EXPECT_EQ(tag_label_name("team name/owner.email@x"), "tag_team_name_owner_email_x");
  for (const char* key : {"", "1", "__x", ":", "k=v"}) {
    EXPECT_TRUE(exposition::is_valid_label_name(tag_label_name(key))) << key;
  }
}

}  // namespace
}  // namespace rds_exporter::publishing
