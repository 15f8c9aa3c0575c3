#pragma once

#include "aws/services/rds_wire.h"
#include "catalog/engine_family.h"
#include "catalog/metric_catalog.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::discovery {

// An instance the exporter watches: what DescribeDBInstances said, plus what the rest of the pipeline derives
// from it once per discovery rather than once per cycle.
struct WatchedInstance {
  aws::DbInstance db;
  catalog::EngineFamily family = catalog::EngineFamily::postgres;
  // From the ARN (arn:aws:rds:<region>:<account>:db:<id>).
  std::string account_id;
  std::string region;
  // "writer"/"reader" in an Aurora cluster (from DescribeDBClusters), "replica" for a read replica,
  // "primary" otherwise.
  std::string role;
  // Engine and condition bits for catalog::publishes().
  catalog::PublisherTraits traits;

  friend bool operator==(const WatchedInstance&, const WatchedInstance&) = default;
};

// An Aurora cluster with at least one watched member, or whose own tags match the filter.
struct WatchedCluster {
  aws::DbCluster db;
  catalog::EngineFamily family = catalog::EngineFamily::aurora_postgres;
  std::string account_id;
  std::string region;
  catalog::PublisherTraits traits;

  friend bool operator==(const WatchedCluster&, const WatchedCluster&) = default;
};

// One discovery's result: immutable once built, shared by every collection cycle until the next discovery.
struct Inventory {
  std::vector<WatchedInstance> instances;
  std::vector<WatchedCluster> clusters;
  // Multi-AZ DB clusters (RDS for MySQL and PostgreSQL, three instances) with a watched member or matching tags:
  // rds_cluster_info and the inventory's facts describe them; CloudWatch has no cluster metrics for them.
  std::vector<WatchedCluster> multi_az_clusters;
  std::chrono::system_clock::time_point discovered_at;
  // What discovery saw but does not watch, for self-metrics and the "matches nothing" warning.
  int instances_listed = 0;
  int skipped_other_engines = 0;  // Neptune, DocumentDB
  int skipped_by_filter = 0;
};

using InventoryPtr = std::shared_ptr<const Inventory>;

// Whether two discoveries found the same fleet: every instance and cluster alike in every field, and the same
// counts of what was left out. When they ran does not matter.
bool same_fleet(const Inventory& a, const Inventory& b);

// Splits "arn:aws:rds:eu-west-1:123456789012:db:orders" into its region and account; empty strings for an
// ARN that is not one of an RDS resource (common::parse_arn reads any ARN).
struct ArnParts {
  std::string partition;
  std::string region;
  std::string account_id;
};
ArnParts parse_arn(std::string_view arn);

}  // namespace rds_exporter::discovery
