#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/credentials/role_assumer.h"
#include "aws/credentials/wall_clock.h"
#include "common/environment.h"

#include <optional>
#include <string>

namespace rds_exporter::aws {

struct SsoSettings {
  std::string profile_name;
  // The [sso-session NAME] the profile refers to; unset for the legacy form with sso_start_url in the profile.
  // Decides the token cache file's name (SHA-1 of this name, else of the start URL).
  std::optional<std::string> session_name;
  std::string start_url;
  std::string region;
  std::string account_id;
  std::string role_name;
};

// IAM Identity Center: the token `aws sso login` cached under ~/.aws/sso/cache, exchanged at the SSO portal for
// role credentials. An expired or missing token is not refreshed here; the message says which login to run.
class SsoProvider final : public CredentialsProvider {
 public:
  // HOME comes from `environment`.
  SsoProvider(SsoSettings settings, const common::Environment& environment, SsoPortal& portal,
              WallClock clock = system_wall_clock());

  CredentialsResult credentials() override;
  std::string_view name() const override { return "sso"; }

 private:
  std::string login_hint() const;

  SsoSettings settings_;
  std::optional<std::string> home_;
  SsoPortal& portal_;
  WallClock clock_;
};

}  // namespace rds_exporter::aws
