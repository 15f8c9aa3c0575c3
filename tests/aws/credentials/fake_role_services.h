#pragma once

#include "aws/credentials/role_assumer.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::aws::testing {

struct AssumeRoleCall {
  AssumeRoleParameters parameters;
  // The access key the source provider gave, which the real assumer would sign with; "" when it gave none.
  std::string source_access_key_id;
};

// Answers AssumeRole with credentials named after the role ("ASIA" + the role's name upper-cased, e.g.
// ASIAFIRST for .../role/first), so that tests can follow a chain of roles.
class FakeRoleAssumer final : public RoleAssumer {
 public:
  CredentialsOutcome assume_role(CredentialsProvider& source, const AssumeRoleParameters& parameters) override;
  CredentialsOutcome assume_role_with_web_identity(const WebIdentityParameters& parameters) override;

  std::vector<AssumeRoleCall> assume_role_calls() const;
  std::vector<WebIdentityParameters> web_identity_calls() const;

  // Every call fails with this from then on.
  void fail_with(AwsError error);

  static Credentials credentials_for(const std::string& role_arn);

 private:
  mutable std::mutex mutex_;
  std::vector<AssumeRoleCall> assume_role_calls_;
  std::vector<WebIdentityParameters> web_identity_calls_;
  std::optional<AwsError> error_;
};

class FakeSsoPortal final : public SsoPortal {
 public:
  CredentialsOutcome get_role_credentials(const SsoRoleRequest& request) override;

  std::vector<SsoRoleRequest> calls() const;
  void fail_with(AwsError error);

 private:
  mutable std::mutex mutex_;
  std::vector<SsoRoleRequest> calls_;
  std::optional<AwsError> error_;
};

AwsError service_error(std::string code, std::string message, int http_status);

}  // namespace rds_exporter::aws::testing
