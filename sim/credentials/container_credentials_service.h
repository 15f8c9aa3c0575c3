#pragma once

#include "sim/credentials/credential_store.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/rest_service.h"

#include <memory>

namespace rds_exporter::sim {

// The container credentials endpoint, in both forms SDKs reach it (docs/aws-wire-formats.md#container-credentials):
//   GET /v2/credentials/<task credentials id>  ECS, via AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; no token
//   GET /v1/credentials                        EKS Pod Identity, via AWS_CONTAINER_CREDENTIALS_FULL_URI; the
//                                              Authorization header must equal the fleet's token (missing: 401,
//                                              wrong: 403)
// Both answer {AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn} with new credentials of the fleet's
// container role, valid for six hours (or the store's limit).
class ContainerCredentialsService final : public RestService {
 public:
  ContainerCredentialsService(std::shared_ptr<const Fleet> fleet, CredentialStore& store)
      : fleet_(std::move(fleet)), store_(store) {}

  std::string_view name() const override { return "container-credentials"; }
  std::string_view path_pattern() const override { return "/v2/credentials/.*|/v1/credentials"; }
  RestAnswer handle(const common::HttpRequest& request) const override;

 private:
  RestAnswer credentials(std::string operation) const;

  std::shared_ptr<const Fleet> fleet_;
  CredentialStore& store_;
};

}  // namespace rds_exporter::sim
