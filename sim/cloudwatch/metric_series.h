#pragma once

#include "sim/cloudwatch/metric_catalog.h"
#include "sim/fleet/fleet.h"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

struct Dimension {
  std::string name;
  std::string value;

  bool operator==(const Dimension&) const = default;
};

inline constexpr std::string_view kInstanceDimension = "DBInstanceIdentifier";
inline constexpr std::string_view kClusterDimension = "DBClusterIdentifier";

// One metric of one instance or cluster: a time series the simulated account publishes to AWS/RDS.
struct MetricSeries {
  const MetricDefinition* metric = nullptr;
  // The instance or cluster identifier, which is also the dimension's value; lives as long as the fleet.
  std::string_view source_id;
  // No sample starts before the resource was created.
  std::chrono::sys_seconds created{};
  // A stopped instance publishes nothing (treated as stopped since before any window a client asks about).
  bool publishing = true;

  std::string_view dimension_name() const {
    return metric->scope == MetricScope::kCluster ? kClusterDimension : kInstanceDimension;
  }
};

// Whether the instance publishes the metric: its engine family is among the metric's and it meets every
// requirement (instance class, storage type, writer or reader, Performance Insights, Aurora MySQL version).
bool publishes(const MetricDefinition& metric, const DbInstance& instance);
bool publishes(const MetricDefinition& metric, const DbCluster& cluster, const Fleet& fleet);

// The series a GetMetricData/GetMetricStatistics metric names, matched as CloudWatch matches: the namespace,
// the metric name and the whole set of dimensions exactly (names and values are case-sensitive, so "MyDb" is
// not the instance "mydb"). Only AWS/RDS with exactly one dimension, DBInstanceIdentifier of an instance or
// DBClusterIdentifier of an Aurora cluster, names anything; nullopt for the rest, which CloudWatch answers with
// no data rather than an error.
std::optional<MetricSeries> find_series(const Fleet& fleet, std::string_view namespace_name,
                                        std::string_view metric_name, std::span<const Dimension> dimensions);

// Every series of the account, instance by instance then cluster by cluster (each sorted by identifier),
// metrics in catalog order: what ListMetrics lists.
std::vector<MetricSeries> all_series(const Fleet& fleet);

}  // namespace rds_exporter::sim::cloudwatch
