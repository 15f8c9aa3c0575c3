#pragma once

#include "aws/credentials/credentials_provider.h"
#include "common/environment.h"

namespace rds_exporter::aws {

// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN (or botocore's legacy
// AWS_SECURITY_TOKEN) and AWS_CREDENTIAL_EXPIRATION when set. Neither key set: absent; only one: failed.
class EnvironmentProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentProvider(common::Environment environment);

  CredentialsResult credentials() override;
  std::string_view name() const override { return "environment"; }

 private:
  common::Environment environment_;
};

}  // namespace rds_exporter::aws
