#include "aws/credentials/assume_role_provider.h"

#include "aws/credentials/role_session_name.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <utility>

namespace rds_exporter::aws {

AssumeRoleProvider::AssumeRoleProvider(std::shared_ptr<CredentialsProvider> source, AssumeRoleSettings settings,
                                       RoleAssumer& role_assumer, WallClock clock)
    : source_(std::move(source)), settings_(std::move(settings)), role_assumer_(role_assumer) {
  parameters_.role_arn = settings_.role_arn;
  parameters_.session_name = settings_.session_name.value_or(default_role_session_name(clock()));
  parameters_.external_id = settings_.external_id;
  parameters_.duration_seconds = settings_.duration_seconds;
}

CredentialsResult AssumeRoleProvider::credentials() {
  const auto source_credentials = source_->credentials();
  if (!source_credentials) {
    return common::Unexpected{
        CredentialsProblem{CredentialsProblem::Kind::failed,
                           fmt::format("no source credentials to assume {} from {}: {}", settings_.role_arn,
                                       settings_.source_description, source_credentials.error().message)}};
  }
  logging::logger("credentials")
      ->debug("assuming role {} (session {}) with credentials from {}", settings_.role_arn, parameters_.session_name,
              settings_.source_description);
  auto outcome = role_assumer_.assume_role(*source_, parameters_);
  if (!outcome) {
    return common::Unexpected{CredentialsProblem{
        failed_unless_cancelled(outcome.error().kind == ErrorKind::cancelled),
        fmt::format("AssumeRole for {} failed: {}", settings_.role_arn, outcome.error().describe())}};
  }
  return *std::move(outcome);
}

}  // namespace rds_exporter::aws
