#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// The engine families whose metrics differ (docs/metric-catalog.md#engine-families), as bits of an EngineSet.
enum class EngineFamily : unsigned {
  kMySql = 1u << 0,
  kMariaDb = 1u << 1,
  kPostgres = 1u << 2,
  kOracle = 1u << 3,
  kSqlServer = 1u << 4,
  kDb2 = 1u << 5,
  kAuroraMySql = 1u << 6,
  kAuroraPostgres = 1u << 7,
};
using EngineSet = unsigned;

constexpr EngineSet engine_set(EngineFamily family) { return static_cast<EngineSet>(family); }

// The family of an RDS engine name ("postgres", "aurora-mysql", "oracle-ee-cdb", "custom-sqlserver-ee", ...);
// nullopt for Neptune and DocumentDB, which publish to AWS/Neptune and AWS/DocDB, not AWS/RDS.
std::optional<EngineFamily> engine_family(std::string_view engine);

// Which dimension a metric is published under: DBInstanceIdentifier, or DBClusterIdentifier for Aurora's
// cluster-level metrics (docs/metric-catalog.md#aurora-cluster-metrics), which no instance publishes.
enum class MetricScope { kInstance, kCluster };

// What an instance (or cluster) must have, besides its engine, to publish a metric; a metric lists all that
// apply and publishes when every one holds.
enum Requirement : unsigned {
  kNoRequirement = 0,
  kBurstableClass = 1u << 0,       // db.t2/t3/t4g: CPU credit metrics
  kLocalNvmeStorage = 1u << 1,     // instance-store classes such as db.m6gd, db.r6gd
  kGp2Storage = 1u << 2,           // BurstBalance
  kReadReplica = 1u << 3,          // ReplicaLag
  kAuroraWriter = 1u << 4,         // "Primary" in the Aurora tables
  kAuroraReader = 1u << 5,         // "Replica" in the Aurora tables
  kPerformanceInsights = 1u << 6,  // DBLoad*
  kServerless = 1u << 7,           // Aurora Serverless v2 (db.serverless); for a cluster, any member
  kProvisioned = 1u << 8,          // not Serverless v2
  kAuroraMySqlV2 = 1u << 9,
  kAuroraMySqlV3 = 1u << 10,
  // Needs what the simulated fleet cannot express (dedicated log volumes, global databases, backtracking,
  // multi-source replication, InnoDB monitors): listed so the catalog stays the whole of docs/metric-catalog.md's
  // tables, never published.
  kNotSimulated = 1u << 11,
};

// Where a metric's samples lie, so that the simulated values look like the real ones.
struct ValueRange {
  double low = 0;
  double high = 0;
  // Counts (connections, transaction ids) are whole numbers in every sample.
  bool whole_numbers = false;
};

struct MetricDefinition {
  std::string_view name;
  // The CloudWatch StandardUnit its datapoints carry.
  std::string_view unit;
  MetricScope scope;
  EngineSet engines;
  unsigned requirements;
  // For Aurora MySQL metrics that arrived with a release ("3.06.1"); empty when any version publishes it.
  std::string_view min_aurora_mysql_version;
  ValueRange range;
  // How often a sample is published: 60 s, or 300 s for the 5-minute metrics (CPU credits, VolumeRead/WriteIOPs).
  int resolution_seconds;
};

// Every AWS/RDS metric of the tables in docs/metric-catalog.md (RDS instances, Performance Insights' DBLoad*,
// Aurora clusters, Aurora instances). Units are mapped to CloudWatch's StandardUnit: "Percentage" is Percent,
// "Count per second" Count/Second, credits and "Count per 5 minutes" Count, gauges None.
std::span<const MetricDefinition> metric_definitions();

// The definition under which `family` publishes `name` at `scope`, or nullptr when it does not.
const MetricDefinition* find_metric(std::string_view name, MetricScope scope, EngineFamily family);

// Whether `name` is an AWS/RDS metric at all, for any engine.
bool is_rds_metric(std::string_view name);

}  // namespace rds_exporter::sim::cloudwatch
