#pragma once

#include "aws/credentials/child_process.h"
#include "aws/credentials/credentials_provider.h"
#include "aws/credentials/profile_selection.h"
#include "aws/credentials/role_assumer.h"
#include "aws/credentials/shared_config_files.h"
#include "aws/credentials/wall_clock.h"
#include "aws/transport/http_transport.h"
#include "common/environment.h"
#include "common/expected.h"

#include <memory>

namespace rds_exporter::aws {

// What the providers a profile may call for need. The references must outlive the providers built.
struct ProfileDependencies {
  common::Environment environment;
  HttpTransport& transport;
  RoleAssumer& role_assumer;
  SsoPortal& sso_portal;
  WallClock clock = system_wall_clock();
  ChildProcessLimits process_limits = {};
};

using ProviderOrProblem = common::Expected<std::shared_ptr<CredentialsProvider>, CredentialsProblem>;

// The provider a profile's settings call for, checked in botocore's order: role_arn with source_profile or
// credential_source (recursively; a source profile with keys of its own uses them), role_arn with
// web_identity_token_file, SSO (sso_session or the legacy sso_start_url), keys in the credentials file,
// credential_process, keys in the config file. Problems are phrased for a prefix naming the profile
// (`profile "prod": ...`); those of source profiles carry their own (`source_profile "keys": ...`).
ProviderOrProblem provider_for_profile(const SharedConfigFiles& files, const ProfileSelection& profile,
                                       const ProfileDependencies& dependencies);

}  // namespace rds_exporter::aws
