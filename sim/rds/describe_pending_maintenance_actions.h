#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// DescribePendingMaintenanceActions: per instance or cluster ARN (sorted), its pending actions; narrowed by
// ResourceIdentifier (an ARN; ResourceNotFoundFault when nothing has it) and the filters db-instance-id and
// db-cluster-id (identifiers or ARNs); paged by MaxRecords (20-100) and Marker.
class DescribePendingMaintenanceActions final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribePendingMaintenanceActions"; }
  std::string_view iam_action() const override { return "rds:DescribePendingMaintenanceActions"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
