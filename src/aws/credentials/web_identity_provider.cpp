#include "aws/credentials/web_identity_provider.h"

#include "aws/credentials/file_text.h"
#include "aws/credentials/role_session_name.h"
#include "common/text.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <utility>

namespace rds_exporter::aws {
common::Expected<WebIdentitySettings, CredentialsProblem> web_identity_settings_from_environment(
    const common::Environment& environment) {
  auto token_file = common::non_empty(environment, "AWS_WEB_IDENTITY_TOKEN_FILE");
  if (!token_file) {
    return common::Unexpected{
        CredentialsProblem{CredentialsProblem::Kind::absent, "AWS_WEB_IDENTITY_TOKEN_FILE not set"}};
  }
  auto role_arn = common::non_empty(environment, "AWS_ROLE_ARN");
  if (!role_arn)
    return common::Unexpected{credentials_failed("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")};
  return WebIdentitySettings{*std::move(token_file), *std::move(role_arn),
                             common::non_empty(environment, "AWS_ROLE_SESSION_NAME"), std::nullopt};
}

WebIdentityProvider::WebIdentityProvider(WebIdentitySettings settings, RoleAssumer& role_assumer, WallClock clock)
    : settings_(std::move(settings)),
      session_name_(settings_.session_name.value_or(default_role_session_name(clock()))),
      role_assumer_(role_assumer) {}

CredentialsResult WebIdentityProvider::credentials() {
  auto file_text = read_file_text(settings_.token_file);
  if (!file_text) return common::Unexpected{credentials_failed("web identity token: " + file_text.error().message)};
  WebIdentityParameters parameters;
  parameters.role_arn = settings_.role_arn;
  parameters.session_name = session_name_;
  parameters.web_identity_token = std::string(common::trim(*file_text));
  parameters.duration_seconds = settings_.duration_seconds;
  if (parameters.web_identity_token.empty()) {
    return common::Unexpected{
        credentials_failed(fmt::format("web identity token file {} is empty", settings_.token_file))};
  }
  logging::logger("credentials")
      ->debug("assuming role {} with the web identity token in {}", settings_.role_arn, settings_.token_file);
  auto outcome = role_assumer_.assume_role_with_web_identity(parameters);
  if (!outcome) {
    return common::Unexpected{CredentialsProblem{
        failed_unless_cancelled(outcome.error().kind == ErrorKind::cancelled),
        fmt::format("AssumeRoleWithWebIdentity for {} failed: {}", settings_.role_arn, outcome.error().describe())}};
  }
  return *std::move(outcome);
}

}  // namespace rds_exporter::aws
