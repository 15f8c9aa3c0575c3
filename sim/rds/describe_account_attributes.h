#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// DescribeAccountAttributes: the scope's RDS quotas, Used from its fleet where the fleet says, Max AWS's default or
// the fleet's account_quotas.
class DescribeAccountAttributes final : public QueryOperation {
 public:
  std::string_view name() const override { return "DescribeAccountAttributes"; }
  std::string_view iam_action() const override { return "rds:DescribeAccountAttributes"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
