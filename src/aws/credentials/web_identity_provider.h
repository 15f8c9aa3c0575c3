#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/credentials/role_assumer.h"
#include "aws/credentials/wall_clock.h"
#include "common/environment.h"
#include "common/expected.h"

#include <optional>
#include <string>

namespace rds_exporter::aws {

struct WebIdentitySettings {
  std::string token_file;
  std::string role_arn;
  // Unset: "rds-exporter-<unix time>".
  std::optional<std::string> session_name;
  std::optional<int> duration_seconds;
};

// From AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME. No token file: absent; a token
// file but no role: failed.
common::Expected<WebIdentitySettings, CredentialsProblem> web_identity_settings_from_environment(
    const common::Environment& environment);

// STS AssumeRoleWithWebIdentity with the token in a file (EKS IRSA and the like). The file is read again at
// every fetch because the platform rotates the token in it.
class WebIdentityProvider final : public CredentialsProvider {
 public:
  WebIdentityProvider(WebIdentitySettings settings, RoleAssumer& role_assumer, WallClock clock = system_wall_clock());

  CredentialsResult credentials() override;
  std::string_view name() const override { return "web_identity"; }

 private:
  WebIdentitySettings settings_;
  std::string session_name_;
  RoleAssumer& role_assumer_;
};

}  // namespace rds_exporter::aws
