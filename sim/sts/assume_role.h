#pragma once

#include "sim/credentials/credential_store.h"
#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// STS AssumeRole: the caller needs sts:AssumeRole (its own policy) and the role's trust (its
// trusted_principals, and its ExternalId when it has one); the session gets the role's allowed actions.
class AssumeRole final : public QueryOperation {
 public:
  explicit AssumeRole(CredentialStore& store) : store_(store) {}

  std::string_view name() const override { return "AssumeRole"; }
  std::string_view iam_action() const override { return "sts:AssumeRole"; }
  // The role, as IAM names it in AccessDenied.
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;

 private:
  CredentialStore& store_;
};

}  // namespace rds_exporter::sim
