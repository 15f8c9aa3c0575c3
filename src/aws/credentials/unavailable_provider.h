#pragma once

#include "aws/credentials/credentials_provider.h"

#include <string>

namespace rds_exporter::aws {

// A source whose settings were found incomplete or absent while the chain was built: it reports why on every
// call, so that the problem shows up where credentials are asked for, in the chain's own words.
class UnavailableProvider final : public CredentialsProvider {
 public:
  UnavailableProvider(std::string name, CredentialsProblem problem);

  CredentialsResult credentials() override { return common::Unexpected{problem_}; }
  std::string_view name() const override { return name_; }

 private:
  std::string name_;
  CredentialsProblem problem_;
};

}  // namespace rds_exporter::aws
