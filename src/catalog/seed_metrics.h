#pragma once

#include "catalog/engine_family.h"
#include "catalog/metric_catalog.h"

#include <array>
#include <span>
#include <string_view>

namespace rds_exporter::catalog {

// The prototype's engine-specific metrics (rds_threadsrunning, rds_buffercachehitratio, ...), which CloudWatch's
// AWS/RDS namespace mostly lacks (docs/metric-catalog.md#names-cloudwatch-does-not-have), each taken from where
// AWS really has it for an engine: Performance Insights counters
// (docs/performance-insights.md#what-the-seed-metrics-need), or a CloudWatch metric already collected
// (Aurora's Queries, Deadlocks, BufferCacheHitRatio; ReplicaLag), converted to the unit the name promises.
// PostgreSQL's index hit ratio and WAL write latency exist in no AWS API and are not here.

// How a seed metric's value is computed from its inputs (each input's newest value of one period).
enum class Formula {
  value,      // the single input
  sum,        // input 0 + input 1
  hit_ratio,  // 100 × hits / (hits + misses): input 0 hits, input 1 misses
};

// Where one engine family's value comes from.
struct SeedRecipe {
  EngineSet engines = 0;
  // Performance Insights counters without the statistic suffix (".avg" is asked), or, when `from_cloudwatch`, one
  // CloudWatch catalog metric whose reading is reused: no query of its own.
  std::array<std::string_view, 2> inputs{};
  bool from_cloudwatch = false;
  Formula formula = Formula::value;
  // Multiplies the result: 1/60 turns per-minute counters into per-second rates, 0.001 milliseconds into seconds.
  double scale = 1;
  // Condition bits the instance needs (kReadReplica, kAuroraReader), as for CloudWatch metrics.
  unsigned conditions = kAlways;

  std::size_t input_count() const { return inputs[1].empty() ? 1 : 2; }
};

struct SeedMetric {
  // name is the seed's (rds_<name lowercased>); unit is the one after conversion; origin sums up the recipes.
  MetricSpec spec;
  std::span<const SeedRecipe> recipes;
};

std::span<const SeedMetric> seed_metrics();

// The recipe `family` uses for `metric`, or nullptr when the metric does not exist for that engine.
const SeedRecipe* recipe_for(const SeedMetric& metric, EngineFamily family);

}  // namespace rds_exporter::catalog
