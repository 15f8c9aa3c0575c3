#pragma once

#include "catalog/engine_family.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::catalog {

// Which dimension CloudWatch publishes a metric under: DBInstanceIdentifier, or DBClusterIdentifier for
// Aurora's cluster-level metrics (docs/metric-catalog.md#aurora-cluster-metrics), which no instance publishes.
enum class MetricScope { instance, cluster };

// What an instance (or cluster) needs, besides its engine, for CloudWatch to publish a metric. Asking for a
// metric that is not published costs the same as one that is, and returns nothing, so the plan skips it.
enum Condition : unsigned {
  kAlways = 0,
  kBurstableClass = 1u << 0,       // db.t2/t3/t4g: CPU credit metrics
  kLocalNvmeStorage = 1u << 1,     // instance-store classes (a "d" after the generation: db.m6gd, db.r6gd)
  kGp2Storage = 1u << 2,           // BurstBalance
  kReadReplica = 1u << 3,          // ReplicaLag (a ReadReplicaSourceDBInstanceIdentifier is set)
  kAuroraWriter = 1u << 4,         // "Primary" in the Aurora tables
  kAuroraReader = 1u << 5,         // "Replica" in the Aurora tables
  kPerformanceInsights = 1u << 6,  // DBLoad*
  kServerless = 1u << 7,           // Aurora Serverless v2 (class db.serverless); for a cluster, any member
  kProvisioned = 1u << 8,          // not Serverless v2
};

struct MetricSpec {
  // CloudWatch's MetricName, exactly ("EBSByteBalance%", "VolumeReadIOPs").
  std::string_view name;
  // CloudWatch's StandardUnit of its datapoints ("Percent", "Bytes/Second", "Milliseconds", "Count", "None").
  std::string_view unit;
  MetricScope scope = MetricScope::instance;
  EngineSet engines = 0;
  // Condition bits that must all hold.
  unsigned conditions = kAlways;
  // How often AWS publishes a datapoint: 60, or 300 for the 5-minute metrics (CPU credits, VolumeRead/WriteIOPs).
  int resolution_seconds = 60;
  // Collected unless the configuration drops it; the rest only when cloudwatch.metrics.add names them.
  bool collected_by_default = false;
  // One line for the HELP text, e.g. "Percentage of CPU utilization".
  std::string_view description;
  // For the few metrics RDS and Aurora publish under different conditions (FreeLocalStorage: NVMe classes on
  // RDS, every provisioned Aurora instance; TransactionLogsDiskUsage: every RDS for PostgreSQL instance, Aurora
  // writers only): the bits Aurora engines need instead of `conditions`, which then apply to RDS engines only.
  // Keeps one row per name and scope, so a selected metric is one MetricSpec whatever the engine.
  std::optional<unsigned> aurora_conditions;
  // Where the values come from, for the HELP text, when that is not the CloudWatch metric `name` itself: the
  // seed's engine-specific metrics (seed_metrics.h) name their Performance Insights counters and conversions.
  std::string_view origin;
  // Enhanced Monitoring's OS metrics (catalog/os_metric_catalog.h): the series' name in every naming scheme, its
  // values already in base units. Their datapoints' timestamps end the interval they describe (the instance's
  // MonitoringInterval, carried by each Reading), where a CloudWatch timestamp starts its period.
  std::string_view exposed_name;
};

// Every AWS/RDS metric of the tables in docs/metric-catalog.md (RDS instances and Performance Insights' DBLoad*,
// Aurora clusters, Aurora instances), one row per name and scope.
std::span<const MetricSpec> metric_catalog();

// The row for `name` at `scope`, exact case; nullptr when CloudWatch has no such AWS/RDS metric.
const MetricSpec* find_metric(std::string_view name, MetricScope scope);

// Whether `name` (exact case) is an AWS/RDS metric at either scope.
bool is_known_metric(std::string_view name);

// Every metric name in the catalog, for "did you mean" suggestions.
std::vector<std::string> metric_names();

// What the plan knows about one instance or cluster when deciding which metrics it publishes.
struct PublisherTraits {
  EngineFamily family = EngineFamily::postgres;
  // Condition bits that hold for it.
  unsigned conditions = kAlways;

  friend bool operator==(const PublisherTraits&, const PublisherTraits&) = default;
};

// Whether CloudWatch publishes `metric` for a source with these traits: its family is one of the metric's
// engines and every condition bit the metric needs for that family holds.
bool publishes(const MetricSpec& metric, const PublisherTraits& traits);

}  // namespace rds_exporter::catalog
