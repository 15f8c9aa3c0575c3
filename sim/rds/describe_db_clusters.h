#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// DescribeDBClusters: the clusters with their members, sorted by identifier, paged like DescribeDBInstances;
// narrowed by DBClusterIdentifier (DBClusterNotFoundFault when there is no such cluster) and by the filters
// db-cluster-id, db-cluster-resource-id, engine, clone-group-id and domain (no simulated cluster is a clone
// or in a domain).
class DescribeDbClusters final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribeDBClusters"; }
  std::string_view iam_action() const override { return "rds:DescribeDBClusters"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
