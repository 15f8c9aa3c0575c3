#pragma once

#include "aws/credentials/credentials_provider.h"

#include <string>

namespace rds_exporter::aws {

// Keys already known, such as a profile's aws_access_key_id and aws_secret_access_key.
class StaticProvider final : public CredentialsProvider {
 public:
  StaticProvider(Credentials credentials, std::string name);

  CredentialsResult credentials() override { return credentials_; }
  std::string_view name() const override { return name_; }

 private:
  Credentials credentials_;
  std::string name_;
};

}  // namespace rds_exporter::aws
