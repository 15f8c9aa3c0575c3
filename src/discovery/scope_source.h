#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/services/organizations_wire.h"
#include "aws/session/scope.h"
#include "common/arn.h"
#include "common/expected.h"
#include "config/settings.h"
#include "discovery/inventory.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::discovery {

// What the scope source asks AWS, with the base credentials: STS GetCallerIdentity's ARN (the base account
// and the partition), and Organizations ListAccounts.
struct ScopeSourcePorts {
  std::function<common::Expected<std::string, aws::AwsError>()> caller_arn;
  std::function<common::Expected<std::vector<aws::OrganizationAccount>, aws::AwsError>()> list_accounts;
};

// Which scopes (account × region) to watch, from aws.region / aws.regions, aws.accounts or aws.organization:
// - neither accounts nor organization: the base credentials' account in each region;
// - aws.accounts: exactly those accounts, each in its regions (default aws.regions, else aws.region);
// - aws.organization: the organization's ACTIVE accounts (include/exclude applied), each through
//   arn:<partition of the caller>:iam::<id>:role/<role_name>, in aws.organization.regions (default as above).
// The base account's id and the partition come from GetCallerIdentity, asked once and remembered.
class ScopeSource {
 public:
  ScopeSource(config::Settings::Aws settings, std::string home_region, ScopeSourcePorts ports);

  // Organizations' accounts change: the scopes are listed again at every discovery interval.
  bool refreshes() const { return settings_.organization.role_name.has_value(); }

  // The scopes, sorted by account then region, each once; an error says which call failed and why.
  common::Expected<std::vector<aws::ScopeSpec>, std::string> resolve();

 private:
  // The base credentials' ARN, parsed (account, partition).
  common::Expected<common::Arn, std::string> caller();
  std::vector<std::string> default_regions() const;

  const config::Settings::Aws settings_;
  const std::string home_region_;
  const ScopeSourcePorts ports_;
  std::optional<common::Arn> caller_;
};

}  // namespace rds_exporter::discovery
