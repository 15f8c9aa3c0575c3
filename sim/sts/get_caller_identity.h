#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// STS GetCallerIdentity: the signer's Arn, UserId (AIDA... for users, "<role id>:<session>" for role
// sessions) and Account. Any valid signature may call it, as in AWS, where no policy can deny it.
class GetCallerIdentity final : public QueryOperation {
 public:
  std::string_view name() const override { return "GetCallerIdentity"; }
  std::string_view iam_action() const override { return "sts:GetCallerIdentity"; }
  OperationAccess access() const override { return OperationAccess::kAuthenticated; }
  std::string resource_arn(const OperationCall&) const override { return "*"; }
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
