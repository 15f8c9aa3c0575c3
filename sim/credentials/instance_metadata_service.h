#pragma once

#include "sim/common/clock.h"
#include "sim/credentials/credential_store.h"
#include "sim/credentials/imds_tokens.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/rest_service.h"

#include <memory>

namespace rds_exporter::sim {

// The EC2 instance metadata service, IMDSv2 only (a token is required, as on instances with
// HttpTokens=required), as the credential chains of SDKs read it:
//   PUT /latest/api/token                              X-aws-ec2-metadata-token-ttl-seconds: 1..21600 -> token
//   GET /latest/meta-data/iam/security-credentials/    the instance profile's role name
//   GET /latest/meta-data/iam/security-credentials/R   credentials JSON for role R
//   GET /latest/meta-data/placement/region             the fleet's region
// Every GET needs X-aws-ec2-metadata-token with a live token (401 otherwise). Each credentials fetch issues
// new credentials of the fleet's instance profile role, valid for six hours (or the store's limit).
class InstanceMetadataService final : public RestService {
 public:
  InstanceMetadataService(std::shared_ptr<const Fleet> fleet, CredentialStore& store, Clock clock);

  std::string_view name() const override { return "imds"; }
  std::string_view path_pattern() const override { return "/latest/.*"; }
  RestAnswer handle(const common::HttpRequest& request) const override;

 private:
  RestAnswer put_token(const common::HttpRequest& request) const;
  RestAnswer role_credentials(std::string_view role_name) const;

  std::shared_ptr<const Fleet> fleet_;
  CredentialStore& store_;
  mutable ImdsTokens tokens_;
};

}  // namespace rds_exporter::sim
