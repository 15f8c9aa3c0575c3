#pragma once

#include "sim/credentials/credential_store.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/rest_service.h"

#include <memory>

namespace rds_exporter::sim {

// The IAM Identity Center portal's GetRoleCredentials (REST-JSON, unsigned;
// docs/aws-wire-formats.md#iam-identity-center-getrolecredentials):
//   GET /federation/credentials?role_name=R&account_id=A   x-amz-sso_bearer_token: <access token>
// -> {"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration (epoch milliseconds)}}, one
// hour of the role's session. An unknown access token is 401 UnauthorizedException; a role or account the
// token is not assigned, 403 ForbiddenException; a missing parameter, 400 InvalidRequestException. Real
// clients reach it with an endpoint override (the portal lives on portal.sso.<region>.amazonaws.com).
class SsoPortalService final : public RestService {
 public:
  SsoPortalService(std::shared_ptr<const Fleet> fleet, CredentialStore& store)
      : fleet_(std::move(fleet)), store_(store) {}

  std::string_view name() const override { return "sso"; }
  std::string_view path_pattern() const override { return "/federation/credentials"; }
  RestAnswer handle(const common::HttpRequest& request) const override;

 private:
  std::shared_ptr<const Fleet> fleet_;
  CredentialStore& store_;
};

}  // namespace rds_exporter::sim
