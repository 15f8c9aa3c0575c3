#pragma once

#include "sim/credentials/credential_store.h"
#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// STS AssumeRoleWithWebIdentity, which AWS serves unsigned: the WebIdentityToken (an IRSA or Pod token
// file's contents) is the proof. A token no role trusts is InvalidIdentityToken; a token of another role, or a
// role that does not exist, AccessDenied.
class AssumeRoleWithWebIdentity final : public QueryOperation {
 public:
  explicit AssumeRoleWithWebIdentity(CredentialStore& store) : store_(store) {}

  std::string_view name() const override { return "AssumeRoleWithWebIdentity"; }
  std::string_view iam_action() const override { return "sts:AssumeRoleWithWebIdentity"; }
  OperationAccess access() const override { return OperationAccess::kAnonymous; }
  std::string resource_arn(const OperationCall&) const override { return "*"; }
  OperationOutcome invoke(const OperationCall& call) const override;

 private:
  CredentialStore& store_;
};

}  // namespace rds_exporter::sim
