#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// DescribeEngineDefaultParameters: a DB parameter group family's defaults, in EngineDefaults with the family and
// Marker, paged by MaxRecords (20-100) and Marker.
class DescribeEngineDefaultParameters final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribeEngineDefaultParameters"; }
  std::string_view iam_action() const override { return "rds:DescribeEngineDefaultParameters"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

// DescribeEngineDefaultClusterParameters: the same for a DB cluster parameter group family.
class DescribeEngineDefaultClusterParameters final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribeEngineDefaultClusterParameters"; }
  std::string_view iam_action() const override { return "rds:DescribeEngineDefaultClusterParameters"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
