#pragma once

#include "aws/client/service_client.h"
#include "aws/credentials/role_assumer.h"
#include "aws/endpoints/endpoint_resolver.h"

namespace rds_exporter::aws {

// The IAM Identity Center portal's GetRoleCredentials, unsigned (the bearer token authenticates it),
// at the portal of the profile's sso_region.
class SsoPortalClient final : public SsoPortal {
 public:
  SsoPortalClient(ClientContext context, const EndpointResolver& endpoints, RetryPolicy retry_policy);

  CredentialsOutcome get_role_credentials(const SsoRoleRequest& request) override;

 private:
  ClientContext context_;
  const EndpointResolver& endpoints_;
  RetryPolicy retry_policy_;
  std::shared_ptr<RetryQuota> retry_quota_ = std::make_shared<RetryQuota>();
};

}  // namespace rds_exporter::aws
