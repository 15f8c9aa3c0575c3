#pragma once

#include "aws/credentials/assume_role_provider.h"
#include "aws/credentials/caching_provider.h"
#include "aws/credentials/credentials_provider.h"
#include "aws/credentials/role_assumer.h"
#include "aws/credentials/wall_clock.h"
#include "aws/transport/http_transport.h"
#include "common/environment.h"

#include <memory>
#include <optional>
#include <string>

namespace rds_exporter::aws {

// Declared in this order so that designated initializers can leave the optional parts out.
struct DefaultChainOptions {
  common::Environment environment = {};
  // The exporter's aws.credentials.profile. When set, the environment's keys and web identity variables are not
  // consulted, as botocore ignores them for a profile named in code.
  std::optional<std::string> profile = {};
  // The exporter's aws.assume_role_arn (and companions): assumed with whatever credentials the chain found.
  std::optional<std::string> assume_role_arn = {};
  std::optional<std::string> assume_role_external_id = {};
  std::optional<std::string> assume_role_session_name = {};
  // The references must outlive the chain.
  HttpTransport& transport;
  RoleAssumer& role_assumer;
  SsoPortal& sso_portal;
  RefreshObserver refresh_observer = {};
  WallClock clock = system_wall_clock();
};

// environment → web identity (environment) → profile → container → instance metadata, cached (see
// CachingProvider), and with assume_role_arn set, that role assumed on top of it (cached too).
std::shared_ptr<CredentialsProvider> make_default_credentials_chain(const DefaultChainOptions& options);

// A role assumed with `source`'s credentials, cached and refreshed before it expires: the exporter's
// aws.assume_role_arn, and each account of aws.accounts or the organization.
std::shared_ptr<CredentialsProvider> make_assumed_role_credentials(std::shared_ptr<CredentialsProvider> source,
                                                                   AssumeRoleSettings settings,
                                                                   RoleAssumer& role_assumer,
                                                                   RefreshObserver refresh_observer,
                                                                   WallClock clock = system_wall_clock());

}  // namespace rds_exporter::aws
