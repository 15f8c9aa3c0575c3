#include "aws/credentials/profile_provider.h"

#include "aws/credentials/shared_config_files.h"

#include <utility>

namespace rds_exporter::aws {

ProfileProvider::ProfileProvider(ProfileSelection profile, ProfileDependencies dependencies)
    : profile_(std::move(profile)), dependencies_(std::move(dependencies)) {}

CredentialsResult ProfileProvider::credentials() {
  const auto files = SharedConfigFiles::load(dependencies_.environment);
  if (!files) return common::Unexpected{CredentialsProblem{CredentialsProblem::Kind::failed, files.error()}};
  const auto provider = provider_for_profile(*files, profile_, dependencies_);
  if (!provider) return common::Unexpected{provider.error()};
  return (*provider)->credentials();
}

}  // namespace rds_exporter::aws
