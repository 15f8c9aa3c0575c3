#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// DescribeDBParameters: the parameters of a DB parameter group (the family's defaults for default.<family>, the
// owner's values over them for a custom group), sorted by name, narrowed by Source and the filter parameter-name,
// paged by MaxRecords (20-100) and Marker; DBParameterGroupNotFound (404) for a group the scope does not have.
class DescribeDbParameters final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribeDBParameters"; }
  std::string_view iam_action() const override { return "rds:DescribeDBParameters"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

// DescribeDBClusterParameters: the same for DB cluster parameter groups.
class DescribeDbClusterParameters final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribeDBClusterParameters"; }
  std::string_view iam_action() const override { return "rds:DescribeDBClusterParameters"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
