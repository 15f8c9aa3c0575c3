#include "scripted_provider.h"

#include <thread>
#include <utility>

namespace rds_exporter::aws::testing {

ScriptedProvider::ScriptedProvider(std::string name, CredentialsResult result)
    : name_(std::move(name)), result_(std::move(result)) {}

CredentialsResult ScriptedProvider::credentials() {
  ++calls_;
  std::chrono::milliseconds delay;
  {
    const std::lock_guard lock(mutex_);
    delay = delay_;
  }
  if (delay.count() > 0) std::this_thread::sleep_for(delay);
  const std::lock_guard lock(mutex_);
  return result_;
}

void ScriptedProvider::set_result(CredentialsResult result) {
  const std::lock_guard lock(mutex_);
  result_ = std::move(result);
}

void ScriptedProvider::set_delay(std::chrono::milliseconds delay) {
  const std::lock_guard lock(mutex_);
  delay_ = delay;
}

Credentials make_credentials(std::string access_key_id,
                             std::optional<std::chrono::system_clock::time_point> expiration) {
  Credentials credentials;
  credentials.access_key_id = std::move(access_key_id);
  credentials.secret_access_key = "secret-of-" + credentials.access_key_id;
  credentials.expiration = expiration;
  return credentials;
}

CredentialsResult absent(std::string message) {
  return common::Unexpected{CredentialsProblem{CredentialsProblem::Kind::absent, std::move(message)}};
}

CredentialsResult failed(std::string message) {
  return common::Unexpected{CredentialsProblem{CredentialsProblem::Kind::failed, std::move(message)}};
}

}  // namespace rds_exporter::aws::testing
