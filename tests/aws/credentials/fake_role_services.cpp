#include "fake_role_services.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace rds_exporter::aws::testing {

Credentials FakeRoleAssumer::credentials_for(const std::string& role_arn) {
  std::string role = role_arn.substr(role_arn.rfind('/') + 1);
  std::transform(role.begin(), role.end(), role.begin(), [](unsigned char c) { return std::toupper(c); });
  Credentials credentials;
  credentials.access_key_id = "ASIA" + role;
  credentials.secret_access_key = "assumed-secret-" + role;
  credentials.session_token = "assumed-session-token-" + role;
  credentials.expiration = std::chrono::system_clock::now() + std::chrono::hours(1);
  return credentials;
}

CredentialsOutcome FakeRoleAssumer::assume_role(CredentialsProvider& source, const AssumeRoleParameters& parameters) {
  const auto source_credentials = source.credentials();
  const std::lock_guard lock(mutex_);
  assume_role_calls_.push_back({parameters, source_credentials ? source_credentials->access_key_id : ""});
  if (error_) return common::Unexpected{*error_};
  if (!source_credentials) {
    AwsError error;
    error.kind = ErrorKind::credentials;
    error.code = "CredentialsError";
    error.message = source_credentials.error().message;
    return common::Unexpected{error};
  }
  return credentials_for(parameters.role_arn);
}

CredentialsOutcome FakeRoleAssumer::assume_role_with_web_identity(const WebIdentityParameters& parameters) {
  const std::lock_guard lock(mutex_);
  web_identity_calls_.push_back(parameters);
  if (error_) return common::Unexpected{*error_};
  return credentials_for(parameters.role_arn);
}

std::vector<AssumeRoleCall> FakeRoleAssumer::assume_role_calls() const {
  const std::lock_guard lock(mutex_);
  return assume_role_calls_;
}

std::vector<WebIdentityParameters> FakeRoleAssumer::web_identity_calls() const {
  const std::lock_guard lock(mutex_);
  return web_identity_calls_;
}

void FakeRoleAssumer::fail_with(AwsError error) {
  const std::lock_guard lock(mutex_);
  error_ = std::move(error);
}

CredentialsOutcome FakeSsoPortal::get_role_credentials(const SsoRoleRequest& request) {
  const std::lock_guard lock(mutex_);
  calls_.push_back(request);
  if (error_) return common::Unexpected{*error_};
  Credentials credentials;
  credentials.access_key_id = "ASIASSOROLE";
  credentials.secret_access_key = "sso-role-secret";
  credentials.session_token = "sso-role-session-token";
  credentials.expiration = std::chrono::system_clock::now() + std::chrono::hours(1);
  return credentials;
}

std::vector<SsoRoleRequest> FakeSsoPortal::calls() const {
  const std::lock_guard lock(mutex_);
  return calls_;
}

void FakeSsoPortal::fail_with(AwsError error) {
  const std::lock_guard lock(mutex_);
  error_ = std::move(error);
}

AwsError service_error(std::string code, std::string message, int http_status) {
  AwsError error;
  error.kind = ErrorKind::service;
  error.code = std::move(code);
  error.message = std::move(message);
  error.http_status = http_status;
  return error;
}

}  // namespace rds_exporter::aws::testing
