#include "aws/credentials/sso_provider.h"

#include "aws/credentials/sso_token_cache.h"
#include "common/time_text.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <utility>

namespace rds_exporter::aws {
SsoProvider::SsoProvider(SsoSettings settings, const common::Environment& environment, SsoPortal& portal,
                         WallClock clock)
    : settings_(std::move(settings)),
      home_(common::non_empty(environment, "HOME")),
      portal_(portal),
      clock_(std::move(clock)) {}

std::string SsoProvider::login_hint() const {
  if (settings_.session_name) return fmt::format("run `aws sso login --sso-session {}`", *settings_.session_name);
  return fmt::format("run `aws sso login --profile {}`", settings_.profile_name);
}

CredentialsResult SsoProvider::credentials() {
  if (!home_) return common::Unexpected{credentials_failed("HOME is not set, so the SSO token cache cannot be found")};
  const std::string path = sso_token_cache_file(*home_, settings_.session_name.value_or(settings_.start_url));
  auto token = read_sso_token(path);
  if (!token) {
    if (token.error().missing) {
      return common::Unexpected{credentials_failed(fmt::format("no SSO token in {}; {}", path, login_hint()))};
    }
    return common::Unexpected{credentials_failed(token.error().message)};
  }
  if (token->expires_at <= clock_()) {
    return common::Unexpected{credentials_failed(fmt::format("the SSO token in {} expired at {}; {}", path,
                                                             common::format_iso8601(token->expires_at), login_hint()))};
  }
  logging::logger("credentials")
      ->debug("getting SSO role credentials for role {} in account {} with the token in {}", settings_.role_name,
              settings_.account_id, path);
  auto outcome = portal_.get_role_credentials(
      SsoRoleRequest{settings_.region, std::move(token->access_token), settings_.account_id, settings_.role_name});
  if (!outcome) {
    std::string message = fmt::format("GetRoleCredentials for role {} in account {} failed: {}", settings_.role_name,
                                      settings_.account_id, outcome.error().describe());
    if (outcome.error().code == "UnauthorizedException") message += "; " + login_hint();
    return common::Unexpected{
        CredentialsProblem{failed_unless_cancelled(outcome.error().kind == ErrorKind::cancelled), std::move(message)}};
  }
  return *std::move(outcome);
}

}  // namespace rds_exporter::aws
