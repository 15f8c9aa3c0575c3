#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/protocol/aws_error.h"
#include "aws/sigv4/credentials.h"
#include "common/expected.h"

#include <optional>
#include <string>

namespace rds_exporter::aws {

struct AssumeRoleParameters {
  std::string role_arn;
  std::string session_name;
  std::optional<std::string> external_id;
  std::optional<int> duration_seconds;
};

struct WebIdentityParameters {
  std::string role_arn;
  std::string session_name;
  // The token file's content: a secret, never logged.
  std::string web_identity_token;
  std::optional<int> duration_seconds;
};

using CredentialsOutcome = common::Expected<Credentials, AwsError>;

// STS's two role-assumption calls, as the credential providers need them. The real one is StsClient
// (aws/services); tests substitute fakes.
class RoleAssumer {
 public:
  virtual ~RoleAssumer() = default;
  // Signed with `source`'s credentials.
  virtual CredentialsOutcome assume_role(CredentialsProvider& source, const AssumeRoleParameters& parameters) = 0;
  // Unsigned, as AWS's SDKs send it.
  virtual CredentialsOutcome assume_role_with_web_identity(const WebIdentityParameters& parameters) = 0;
};

struct SsoRoleRequest {
  // The region of the IAM Identity Center portal (sso_region), not the exporter's.
  std::string sso_region;
  // From the token cache `aws sso login` writes: a secret, never logged.
  std::string access_token;
  std::string account_id;
  std::string role_name;
};

// The IAM Identity Center portal's GetRoleCredentials. The real one is SsoPortalClient (aws/services).
class SsoPortal {
 public:
  virtual ~SsoPortal() = default;
  virtual CredentialsOutcome get_role_credentials(const SsoRoleRequest& request) = 0;
};

}  // namespace rds_exporter::aws
