#include "sim/rds/describe_db_clusters.h"

#include "sim/rds/cluster_xml.h"
#include "sim/rds/describe_listing.h"
#include "sim/rds/rds_errors.h"

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kClusterFilterNames[] = {"clone-group-id", "db-cluster-id", "db-cluster-resource-id",
                                                    "domain", "engine"};

bool cluster_accepts(const DbCluster& cluster, const Filter& filter, const Fleet&) {
  if (filter.name == "db-cluster-id") return filter.accepts(cluster.identifier) || filter.accepts(cluster.arn);
  if (filter.name == "db-cluster-resource-id") return filter.accepts(cluster.resource_id);
  if (filter.name == "engine") return filter.accepts(cluster.engine);
  return false;  // clone-group-id, domain
}

constexpr Listing<DbCluster> kClusterListing{"DescribeDBClusters", "DBClusterIdentifier", "cluster",
                                             "DBClusters",         kClusterFilterNames,   &Fleet::clusters,
                                             &Fleet::find_cluster, db_cluster_not_found,  cluster_accepts,
                                             write_db_cluster};

}  // namespace

std::string DescribeDbClusters::resource_arn(const OperationCall& call) const {
  return listing_resource_arn(call, kClusterListing.identifier_parameter, kClusterListing.resource_type);
}

OperationOutcome DescribeDbClusters::invoke(const OperationCall& call) const {
  return describe_listing(kClusterListing, call);
}

}  // namespace rds_exporter::sim
