#include "catalog/seed_metrics.h"

#include "catalog/metric_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rds_exporter::catalog {
namespace {

const SeedMetric& seed(std::string_view name) {
  for (const SeedMetric& metric : seed_metrics()) {
    if (metric.spec.name == name) return metric;
  }
  throw std::out_of_range(std::string(name));
}

TEST(SeedMetrics, EveryNameThePrototypePromisedThatAwsHasIsHere) {
  std::set<std::string> names;
  for (const SeedMetric& metric : seed_metrics()) names.emplace(metric.spec.name);
  EXPECT_EQ(names, (std::set<std::string>{"Queries", "ThreadsRunning", "InnoDBPoolHits", "InnoDBPoolReadRequests",
                                          "InnoDBPoolReads", "DeadlocksCount", "ActiveTransactions",
                                          "BufferCacheHitRatio", "Deadlocks", "TemporaryTables", "ReplicationLag",
                                          "CheckpointDuration"}));
}

TEST(SeedMetrics, WhatNoAwsApiHasIsNotFaked) {
  for (const SeedMetric& metric : seed_metrics()) {
    EXPECT_NE(metric.spec.name, "IndexHitRatio");
    EXPECT_NE(metric.spec.name, "WALWriteLatency");
  }
}

TEST(SeedMetrics, AuroraTakesWhatCloudWatchHasAndMakesNoPerformanceInsightsQueryForIt) {
  // Aurora's Queries, Deadlocks and BufferCacheHitRatio are CloudWatch metrics under the seed's own names.
  EXPECT_EQ(recipe_for(seed("Queries"), EngineFamily::aurora_mysql), nullptr);
  EXPECT_TRUE(find_metric("Queries", MetricScope::instance)->collected_by_default);
  EXPECT_EQ(recipe_for(seed("Deadlocks"), EngineFamily::aurora_postgres), nullptr);
  EXPECT_EQ(recipe_for(seed("BufferCacheHitRatio"), EngineFamily::aurora_postgres), nullptr);
  const SeedRecipe* deadlocks_count = recipe_for(seed("DeadlocksCount"), EngineFamily::aurora_mysql);
  ASSERT_NE(deadlocks_count, nullptr);
  EXPECT_TRUE(deadlocks_count->from_cloudwatch);
  EXPECT_EQ(deadlocks_count->inputs[0], "Deadlocks");
}

TEST(SeedMetrics, PlainEnginesUsePerformanceInsightsCounters) {
  EXPECT_EQ(recipe_for(seed("Queries"), EngineFamily::mysql)->inputs[0], "db.SQL.Questions");
  EXPECT_EQ(recipe_for(seed("ThreadsRunning"), EngineFamily::mariadb)->inputs[0], "db.Users.Threads_running");
  const SeedRecipe* ratio = recipe_for(seed("BufferCacheHitRatio"), EngineFamily::postgres);
  ASSERT_NE(ratio, nullptr);
  EXPECT_EQ(ratio->formula, Formula::hit_ratio);
  EXPECT_EQ(ratio->inputs[0], "db.Cache.blks_hit");
  EXPECT_EQ(ratio->inputs[1], "db.IO.blks_read");
  EXPECT_EQ(recipe_for(seed("ThreadsRunning"), EngineFamily::postgres), nullptr);
  EXPECT_EQ(recipe_for(seed("ActiveTransactions"), EngineFamily::mysql), nullptr);
}

TEST(SeedMetrics, UnitsAreWhatTheNamesPromiseAfterConversion) {
  // PostgreSQL counts deadlocks and temp files per minute; the exporter publishes per second like CloudWatch.
  EXPECT_DOUBLE_EQ(recipe_for(seed("Deadlocks"), EngineFamily::postgres)->scale, 1.0 / 60);
  EXPECT_DOUBLE_EQ(recipe_for(seed("TemporaryTables"), EngineFamily::postgres)->scale, 1.0 / 60);
  // The seed promised seconds: Aurora's replica lag and PI's checkpoint latencies are milliseconds.
  EXPECT_EQ(seed("ReplicationLag").spec.unit, "Seconds");
  EXPECT_DOUBLE_EQ(recipe_for(seed("ReplicationLag"), EngineFamily::aurora_mysql)->scale, 0.001);
  EXPECT_DOUBLE_EQ(recipe_for(seed("ReplicationLag"), EngineFamily::postgres)->scale, 1);
  EXPECT_EQ(seed("CheckpointDuration").spec.unit, "Seconds");
  EXPECT_DOUBLE_EQ(recipe_for(seed("CheckpointDuration"), EngineFamily::postgres)->scale, 0.001);
}

TEST(SeedMetrics, CloudWatchInputsAreCatalogMetricsCollectedByDefault) {
  for (const SeedMetric& metric : seed_metrics()) {
    for (const SeedRecipe& recipe : metric.recipes) {
      if (!recipe.from_cloudwatch) continue;
      const MetricSpec* input = find_metric(recipe.inputs[0], MetricScope::instance);
      ASSERT_NE(input, nullptr) << recipe.inputs[0];
      EXPECT_TRUE(input->collected_by_default) << recipe.inputs[0];
    }
  }
}

TEST(SeedMetrics, EveryRecipeFitsOneGetResourceMetricsCallPerEngine) {
  for (const EngineFamily family : {EngineFamily::mysql, EngineFamily::mariadb, EngineFamily::postgres,
                                    EngineFamily::aurora_mysql, EngineFamily::aurora_postgres}) {
    std::set<std::string_view> counters;
    for (const SeedMetric& metric : seed_metrics()) {
      const SeedRecipe* recipe = recipe_for(metric, family);
      if (!recipe || recipe->from_cloudwatch) continue;
      for (std::size_t i = 0; i < recipe->input_count(); ++i) counters.insert(recipe->inputs[i]);
    }
    EXPECT_LE(counters.size(), 15u) << family_name(family);
  }
}

}  // namespace
}  // namespace rds_exporter::catalog
