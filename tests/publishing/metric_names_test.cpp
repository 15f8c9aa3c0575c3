#include "publishing/metric_names.h"

#include "catalog/seed_metrics.h"
#include "exposition/names.h"
#include "publishing/series_labels.h"

#include "../common/docs_section.h"
#include "catalog_metric.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
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

// The prometheus scheme (docs/metric-names.md).

constexpr std::string_view kStatistics[] = {"Average", "Maximum", "Minimum", "Sum", "SampleCount", "p99", "p99.9"};

bool is_snake_case(std::string_view name) {
  if (name.empty() || name.front() == '_' || name.back() == '_' || name.find("__") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool ends_with_reserved_suffix(std::string_view name) {
  for (std::string_view suffix : {"_sum", "_count", "_bucket", "_total", "_info", "_created"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

std::string prometheus_name(std::string_view cloudwatch, std::string_view statistic = "Average") {
  return series_name(naming_of(catalog_metric(cloudwatch)), statistic, NamingScheme::prometheus).name;
}

TEST(MetricNamings, CoverEveryCatalogAndSeedMetricOnce) {
  std::set<const catalog::MetricSpec*> covered;
  for (const MetricNaming& naming : metric_namings()) EXPECT_TRUE(covered.insert(naming.metric).second);
  for (const auto& metric : catalog::metric_catalog()) EXPECT_TRUE(covered.contains(&metric)) << metric.name;
  for (const auto& seed : catalog::seed_metrics()) EXPECT_TRUE(covered.contains(&seed.spec)) << seed.spec.name;
  EXPECT_EQ(covered.size(), catalog::metric_catalog().size() + catalog::seed_metrics().size());
  for (const auto& metric : catalog::metric_catalog()) EXPECT_EQ(find_naming(metric)->metric, &metric);
}

TEST(MetricNamings, EveryNameIsValidInBothSchemesAtEveryStatistic) {
  for (const MetricNaming& naming : metric_namings()) {
    const auto& metric = *naming.metric;
    EXPECT_EQ(naming.prototype_name, prometheus_metric_name(metric.name)) << metric.name;
    for (const auto statistic : kStatistics) {
      for (const auto scheme : {NamingScheme::prototype, NamingScheme::prometheus}) {
        const auto name = series_metric_name(metric, statistic, scheme);
        ASSERT_TRUE(name) << metric.name << ' ' << statistic;
        EXPECT_TRUE(exposition::is_valid_metric_name(name->name)) << name->name;
        EXPECT_TRUE(name->name.starts_with("rds_")) << name->name;
        EXPECT_NE(name->name, kInfoMetricName);
      }
      const std::string name = series_name(naming, statistic, NamingScheme::prometheus).name;
      EXPECT_TRUE(is_snake_case(name)) << name;
      EXPECT_FALSE(ends_with_reserved_suffix(name)) << name;
      EXPECT_FALSE(name.starts_with("rds_exporter_")) << name << " would mix with the self-metrics";
    }
  }
}

// The statistics a metric's readings can carry: any for a CloudWatch metric and a seed metric that reuses one;
// Average only for a seed computed from Performance Insights (pi_collector asks for ".avg").
std::vector<std::string_view> statistics_of(const catalog::MetricSpec& metric) {
  for (const auto& seed : catalog::seed_metrics()) {
    if (&seed.spec != &metric) continue;
    const bool reuses_cloudwatch = std::any_of(seed.recipes.begin(), seed.recipes.end(),
                                               [](const catalog::SeedRecipe& recipe) { return recipe.from_cloudwatch; });
    if (!reuses_cloudwatch) return {"Average"};
  }
  return {std::begin(kStatistics), std::end(kStatistics)};
}

// Two metrics meet in one family only when they are one CloudWatch quantity: the same name at both scopes
// (ServerlessDatabaseCapacity), or a seed metric and the CloudWatch metric it reuses (Queries, Deadlocks,
// BufferCacheHitRatio), which in the prometheus scheme must also share the unit and the statistic.
TEST(MetricNamings, NoTwoMetricsCollide) {
  for (const auto scheme : {NamingScheme::prototype, NamingScheme::prometheus}) {
    std::map<std::string, std::pair<const catalog::MetricSpec*, std::string_view>> owners;
    for (const MetricNaming& naming : metric_namings()) {
      for (const auto statistic : statistics_of(*naming.metric)) {
        const std::string name = series_name(naming, statistic, scheme).name;
        const auto [found, inserted] = owners.try_emplace(name, naming.metric, statistic);
        if (inserted) continue;
        const auto& [other, other_statistic] = found->second;
        if (scheme == NamingScheme::prototype) {
          EXPECT_EQ(other->name, naming.metric->name) << name;
        } else {
          EXPECT_EQ(other->name, naming.metric->name) << name;
          EXPECT_EQ(other->unit, naming.metric->unit) << name;
          EXPECT_EQ(other_statistic, statistic) << name;
        }
      }
    }
  }
}

TEST(MetricNamings, FollowPrometheusConventions) {
  EXPECT_EQ(prometheus_name("CPUUtilization"), "rds_cpu_utilization_percent");
  EXPECT_EQ(prometheus_name("FreeableMemory"), "rds_freeable_memory_bytes");
  EXPECT_EQ(prometheus_name("FreeStorageSpace"), "rds_free_storage_bytes");
  EXPECT_EQ(prometheus_name("DatabaseConnections"), "rds_database_connections");
  EXPECT_EQ(prometheus_name("ReadIOPS"), "rds_read_iops");
  EXPECT_EQ(prometheus_name("ReadLatency"), "rds_read_latency_seconds");
  EXPECT_EQ(prometheus_name("NetworkReceiveThroughput"), "rds_network_receive_throughput_bytes_per_second");
  EXPECT_EQ(prometheus_name("ReplicaLag"), "rds_replica_lag_seconds");
  EXPECT_EQ(prometheus_name("SwapUsage"), "rds_swap_usage_bytes");
  EXPECT_EQ(prometheus_name("CommitLatency"), "rds_commit_latency_seconds");
  EXPECT_EQ(prometheus_name("Deadlocks"), "rds_deadlocks_per_second");
  EXPECT_EQ(prometheus_name("EBSByteBalance%"), "rds_ebs_byte_balance_percent");
  EXPECT_EQ(prometheus_name("BufferCacheHitRatio"), "rds_buffer_cache_hit_percent");
  EXPECT_EQ(prometheus_name("MaximumUsedTransactionIDs"), "rds_maximum_used_transaction_ids");
  EXPECT_EQ(prometheus_name("DBLoadNonCPU"), "rds_dbload_noncpu");
  EXPECT_EQ(prometheus_name("BacktrackWindowActual"), "rds_backtrack_window_actual_seconds");
  EXPECT_EQ(series_name(naming_of(catalog_metric("VolumeBytesUsed", catalog::MetricScope::cluster)), "Average",
                        NamingScheme::prometheus)
                .name,
            "rds_volume_used_bytes");
}

TEST(MetricNamings, TheStatisticIsInTheNameUnlessItIsAverage) {
  EXPECT_EQ(prometheus_name("CPUUtilization", "Maximum"), "rds_cpu_utilization_maximum_percent");
  EXPECT_EQ(prometheus_name("CPUUtilization", "Minimum"), "rds_cpu_utilization_minimum_percent");
  EXPECT_EQ(prometheus_name("ReadLatency", "p99.9"), "rds_read_latency_p99_9_seconds");
  EXPECT_EQ(prometheus_name("DatabaseConnections", "Sum"), "rds_database_connections_summed");
  // SampleCount counts datapoints: no unit, no conversion.
  const auto samples = series_name(naming_of(catalog_metric("CommitLatency")), "SampleCount", NamingScheme::prometheus);
  EXPECT_EQ(samples.name, "rds_commit_latency_samples");
  EXPECT_TRUE(samples.scale.identity());
  // The prototype's names never carry the statistic.
  EXPECT_EQ(series_name(naming_of(catalog_metric("CPUUtilization")), "Maximum", NamingScheme::prototype).name,
            "rds_cpuutilization");
}

TEST(MetricNamings, MillisecondsBecomeSecondsByAnExactDivision) {
  for (const MetricNaming& naming : metric_namings()) {
    if (naming.metric->unit != "Milliseconds") continue;
    EXPECT_TRUE(naming.average_name.ends_with("_seconds")) << naming.average_name;
    EXPECT_EQ(naming.scale.apply(1500), 1.5) << naming.average_name;
    EXPECT_EQ(naming.conversion, "shown in seconds: divided by 1000");
  }
  const auto commit = series_name(naming_of(catalog_metric("CommitLatency")), "p99", NamingScheme::prometheus);
  EXPECT_EQ(commit.name, "rds_commit_latency_p99_seconds");
  for (const double milliseconds : {3.0, 7.0, 0.1, 12.345, 1e-3, 123456789.0}) {
    EXPECT_EQ(commit.scale.apply(milliseconds), milliseconds / 1000) << milliseconds;
  }
  // Seconds, bytes and percentages keep CloudWatch's value; the prototype's names never scale.
  EXPECT_TRUE(naming_of(catalog_metric("ReadLatency")).scale.identity());
  EXPECT_TRUE(naming_of(catalog_metric("FreeableMemory")).scale.identity());
  EXPECT_TRUE(series_name(naming_of(catalog_metric("CommitLatency")), "Average", NamingScheme::prototype)
                  .scale.identity());
  EXPECT_EQ(naming_of(catalog_metric("BacktrackWindowActual")).scale.apply(2), 120);
}

TEST(MetricNamings, AMetricOutsideTheTableIsNamedByTheSameRules) {
  const catalog::MetricSpec metric{.name = "SomeNewLatency", .unit = "Milliseconds"};
  EXPECT_EQ(find_naming(metric), nullptr);
  const auto name = series_metric_name(metric, "Maximum", NamingScheme::prometheus);
  ASSERT_TRUE(name);
  EXPECT_EQ(name->name, "rds_some_new_latency_maximum_seconds");
  EXPECT_EQ(name->scale.apply(250), 0.25);
}

// docs/metric-names.md's table is this one: RDS_EXPORTER_UPDATE_DOCS=1 rewrites it.
TEST(MetricNamings, TheDocsTableIsTheTable) {
  testing::expect_docs_section(
      "metric-names.md", "metric-names-table", "tests/publishing", metric_names_markdown_table(),
      "build/tests/publishing/publishing_test --gtest_filter=MetricNamings.TheDocsTableIsTheTable");
}

}  // namespace
}  // namespace rds_exporter::publishing
