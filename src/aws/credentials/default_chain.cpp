#include "aws/credentials/default_chain.h"

#include "aws/credentials/assume_role_provider.h"
#include "aws/credentials/container_provider.h"
#include "aws/credentials/credentials_chain.h"
#include "aws/credentials/environment_provider.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/profile_provider.h"
#include "aws/credentials/profile_selection.h"
#include "aws/credentials/unavailable_provider.h"
#include "aws/credentials/web_identity_provider.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace rds_exporter::aws {
namespace {

std::shared_ptr<CredentialsProvider> environment_web_identity(const DefaultChainOptions& options) {
  auto settings = web_identity_settings_from_environment(options.environment);
  if (!settings) return std::make_shared<UnavailableProvider>("web_identity", settings.error());
  return std::make_shared<WebIdentityProvider>(*std::move(settings), options.role_assumer, options.clock);
}

std::shared_ptr<CredentialsProvider> cached(std::shared_ptr<CredentialsProvider> provider,
                                            const DefaultChainOptions& options) {
  CachingOptions caching;
  caching.clock = options.clock;
  caching.observer = options.refresh_observer;
  return std::make_shared<CachingProvider>(std::move(provider), std::move(caching));
}

}  // namespace

std::shared_ptr<CredentialsProvider> make_default_credentials_chain(const DefaultChainOptions& options) {
  const ProfileSelection profile = select_profile(options.environment, options.profile);
  std::vector<ChainLink> links;
  if (profile.origin != ProfileOrigin::exporter_config) {
    links.push_back({"environment", std::make_shared<EnvironmentProvider>(options.environment)});
    links.push_back({"web identity", environment_web_identity(options)});
  }
  ProfileDependencies dependencies{options.environment, options.transport, options.role_assumer, options.sso_portal,
                                   options.clock};
  links.push_back({fmt::format("profile \"{}\"", profile.name),
                   std::make_shared<ProfileProvider>(profile, std::move(dependencies))});
  links.push_back({"container", std::make_shared<ContainerProvider>(options.transport, options.environment)});
  links.push_back({"instance metadata", std::make_shared<ImdsProvider>(options.transport, options.environment)});
  auto chain = cached(std::make_shared<CredentialsChain>(std::move(links)), options);
  if (!options.assume_role_arn) return chain;

  AssumeRoleSettings settings;
  settings.role_arn = *options.assume_role_arn;
  settings.session_name = options.assume_role_session_name;
  settings.external_id = options.assume_role_external_id;
  settings.source_description = "the default credential chain";
  return make_assumed_role_credentials(std::move(chain), std::move(settings), options.role_assumer,
                                       options.refresh_observer, options.clock);
}

std::shared_ptr<CredentialsProvider> make_assumed_role_credentials(std::shared_ptr<CredentialsProvider> source,
                                                                   AssumeRoleSettings settings,
                                                                   RoleAssumer& role_assumer,
                                                                   RefreshObserver refresh_observer, WallClock clock) {
  CachingOptions caching;
  caching.clock = clock;
  caching.observer = std::move(refresh_observer);
  return std::make_shared<CachingProvider>(
      std::make_shared<AssumeRoleProvider>(std::move(source), std::move(settings), role_assumer, clock),
      std::move(caching));
}

}  // namespace rds_exporter::aws
