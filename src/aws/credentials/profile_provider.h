#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/credentials/profile_resolution.h"
#include "aws/credentials/profile_selection.h"

namespace rds_exporter::aws {

// A named profile of the AWS config and credentials files, resolved as botocore does (see
// provider_for_profile). The files are read again at every fetch, so that keys rotated into them by another tool
// are picked up at the next refresh.
class ProfileProvider final : public CredentialsProvider {
 public:
  ProfileProvider(ProfileSelection profile, ProfileDependencies dependencies);

  CredentialsResult credentials() override;
  std::string_view name() const override { return "profile"; }

 private:
  ProfileSelection profile_;
  ProfileDependencies dependencies_;
};

}  // namespace rds_exporter::aws
