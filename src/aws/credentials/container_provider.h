#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/transport/http_transport.h"
#include "common/environment.h"
#include "common/expected.h"

#include <optional>
#include <string>

namespace rds_exporter::aws {

// The URL container credentials come from: http://169.254.170.2 + AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (ECS),
// else AWS_CONTAINER_CREDENTIALS_FULL_URI (EKS Pod Identity and others), which must be https or plain http to
// loopback, 169.254.170.2, 169.254.170.23 or fd00:ec2::23. Neither set: absent; a forbidden URL: failed.
common::Expected<std::string, CredentialsProblem> container_credentials_url(const common::Environment& environment);

// ECS task role and EKS Pod Identity credentials: GET the URL above with the Authorization header from
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read again at every fetch, since the agent rotates it) or
// AWS_CONTAINER_AUTHORIZATION_TOKEN, and read {AccessKeyId, SecretAccessKey, Token, Expiration}.
class ContainerProvider final : public CredentialsProvider {
 public:
  ContainerProvider(HttpTransport& transport, common::Environment environment);

  CredentialsResult credentials() override;
  std::string_view name() const override { return "container"; }

 private:
  common::Expected<std::optional<std::string>, CredentialsProblem> authorization() const;

  HttpTransport& transport_;
  common::Environment environment_;
  common::Expected<std::string, CredentialsProblem> url_;
};

}  // namespace rds_exporter::aws
