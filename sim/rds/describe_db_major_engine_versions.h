#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// DescribeDBMajorEngineVersions: the open-source engines' major versions with their standard and extended support
// dates, narrowed by Engine and MajorEngineVersion, paged by MaxRecords (20-100) and Marker.
class DescribeDbMajorEngineVersions final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribeDBMajorEngineVersions"; }
  std::string_view iam_action() const override { return "rds:DescribeDBMajorEngineVersions"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
