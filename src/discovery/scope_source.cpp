#include "discovery/scope_source.h"

#include "common/arn.h"
#include "discovery/inventory.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <algorithm>

namespace rds_exporter::discovery {
namespace {

void add_scopes(std::vector<aws::ScopeSpec>& scopes, const aws::ScopeSpec& account,
                const std::vector<std::string>& regions) {
  for (const std::string& region : regions) {
    aws::ScopeSpec scope = account;
    scope.id.region = region;
    scopes.push_back(std::move(scope));
  }
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

ScopeSource::ScopeSource(config::Settings::Aws settings, std::string home_region, ScopeSourcePorts ports)
    : settings_(std::move(settings)), home_region_(std::move(home_region)), ports_(std::move(ports)) {}

std::vector<std::string> ScopeSource::default_regions() const {
  return settings_.regions.empty() ? std::vector<std::string>{home_region_} : settings_.regions;
}

common::Expected<common::Arn, std::string> ScopeSource::caller() {
  if (caller_) return *caller_;
  auto arn = ports_.caller_arn();
  if (!arn) return common::Unexpected{"STS GetCallerIdentity with the base credentials failed: " + arn.error().describe()};
  // An ARN STS would never send leaves the account empty and the partition the commercial one.
  caller_ = common::parse_arn(*arn).value_or(common::Arn{.partition = "aws"});
  return *caller_;
}

common::Expected<std::vector<aws::ScopeSpec>, std::string> ScopeSource::resolve() {
  std::vector<aws::ScopeSpec> scopes;
  const auto& organization = settings_.organization;
  if (organization.role_name) {
    auto identity = caller();
    if (!identity) return common::Unexpected{identity.error()};
    auto accounts = ports_.list_accounts();
    if (!accounts) {
      return common::Unexpected{"Organizations ListAccounts with the base credentials failed: " +
                                accounts.error().describe()};
    }
    const auto regions = organization.regions.empty() ? default_regions() : organization.regions;
    for (const aws::OrganizationAccount& account : *accounts) {
      if (account.status != "ACTIVE") continue;
      if (!organization.include_accounts.empty() && !contains(organization.include_accounts, account.id)) continue;
      if (contains(organization.exclude_accounts, account.id)) continue;
      aws::ScopeSpec spec;
      spec.id.account_id = account.id;
      spec.role_arn = fmt::format("arn:{}:iam::{}:role/{}", identity->partition, account.id, *organization.role_name);
      add_scopes(scopes, spec, regions);
    }
  } else if (!settings_.accounts.empty()) {
    for (const config::Settings::Account& account : settings_.accounts) {
      aws::ScopeSpec spec;
      if (account.role_arn) {
        // Validated as arn:<partition>:iam::<12 digits>:role/<name> when the configuration was read.
        const auto parsed = common::parse_arn(*account.role_arn);
        spec.id.account_id = parsed ? parsed->account_id : "";
        spec.role_arn = account.role_arn;
        spec.external_id = account.external_id;
        spec.session_name = account.session_name;
      } else {
        auto identity = caller();
        if (!identity) return common::Unexpected{identity.error()};
        spec.id.account_id = identity->account_id;
      }
      add_scopes(scopes, spec, account.regions.empty() ? default_regions() : account.regions);
    }
  } else {
    auto identity = caller();
    if (!identity) return common::Unexpected{identity.error()};
    aws::ScopeSpec spec;
    spec.id.account_id = identity->account_id;
    add_scopes(scopes, spec, default_regions());
  }

  std::stable_sort(scopes.begin(), scopes.end(), [](const aws::ScopeSpec& a, const aws::ScopeSpec& b) {
    return std::tie(a.id.account_id, a.id.region) < std::tie(b.id.account_id, b.id.region);
  });
  // One account reached twice (its role listed and the base credentials' own account) is watched once.
  const auto duplicate = std::unique(scopes.begin(), scopes.end(), [](const aws::ScopeSpec& a, const aws::ScopeSpec& b) {
    return a.id == b.id;
  });
  if (duplicate != scopes.end()) {
    logging::logger("scopes")->warn("{} scope(s) listed more than once are watched once, through their first entry",
                                    scopes.end() - duplicate);
    scopes.erase(duplicate, scopes.end());
  }
  return scopes;
}

}  // namespace rds_exporter::discovery
