#pragma once

#include "aws/client/service_client.h"
#include "aws/credentials/role_assumer.h"
#include "aws/services/sts_wire.h"

namespace rds_exporter::aws {

// STS at the region's own endpoint (sts.<region>.amazonaws.com, as botocore's default
// sts_regional_endpoints=regional): the global endpoint lives in us-east-1 only, and would make a
// credential refresh depend on a region the exporter may not even watch.
class StsClient final : public RoleAssumer {
 public:
  // `options.credentials` is ignored: each call names the credentials it signs with.
  StsClient(ClientContext context, ServiceClientOptions options);

  CredentialsOutcome assume_role(CredentialsProvider& source, const AssumeRoleParameters& parameters) override;
  CredentialsOutcome assume_role_with_web_identity(const WebIdentityParameters& parameters) override;
  common::Expected<CallerIdentity, AwsError> get_caller_identity(CredentialsProvider& credentials) const;

 private:
  ServiceClient client_signed_by(CredentialsProvider* credentials) const;

  ClientContext context_;
  ServiceClientOptions options_;
};

}  // namespace rds_exporter::aws
