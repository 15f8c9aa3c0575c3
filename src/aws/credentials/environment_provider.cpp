#include "aws/credentials/environment_provider.h"

#include "aws/credentials/credential_time.h"

#include <utility>

namespace rds_exporter::aws {
EnvironmentProvider::EnvironmentProvider(common::Environment environment) : environment_(std::move(environment)) {}

CredentialsResult EnvironmentProvider::credentials() {
  auto access_key_id = common::non_empty(environment_, "AWS_ACCESS_KEY_ID");
  auto secret_access_key = common::non_empty(environment_, "AWS_SECRET_ACCESS_KEY");
  if (!access_key_id && !secret_access_key) {
    return common::Unexpected{CredentialsProblem{CredentialsProblem::Kind::absent, "AWS_ACCESS_KEY_ID not set"}};
  }
  if (!access_key_id)
    return common::Unexpected{credentials_failed("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")};
  if (!secret_access_key) {
    return common::Unexpected{credentials_failed("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")};
  }
  Credentials credentials;
  credentials.access_key_id = *std::move(access_key_id);
  credentials.secret_access_key = *std::move(secret_access_key);
  credentials.session_token = common::non_empty(environment_, "AWS_SESSION_TOKEN")
                                  .value_or(common::non_empty(environment_, "AWS_SECURITY_TOKEN").value_or(""));
  if (const auto expiration = common::non_empty(environment_, "AWS_CREDENTIAL_EXPIRATION")) {
    credentials.expiration = parse_credential_time(*expiration);
    if (!credentials.expiration) {
      return common::Unexpected{
          credentials_failed("AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 time such as 2024-05-01T20:00:00Z")};
    }
  }
  return credentials;
}

}  // namespace rds_exporter::aws
