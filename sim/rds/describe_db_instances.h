#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// DescribeDBInstances: the instances, sorted by identifier, in pages of MaxRecords with an opaque Marker;
// narrowed by DBInstanceIdentifier (an identifier or ARN; DBInstanceNotFound when there is no such instance)
// and by the filters db-instance-id, db-cluster-id, engine, dbi-resource-id and domain (the simulated
// instances belong to no Active Directory domain).
class DescribeDbInstances final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribeDBInstances"; }
  std::string_view iam_action() const override { return "rds:DescribeDBInstances"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
