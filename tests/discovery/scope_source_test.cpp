#include "discovery/scope_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::discovery {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kCaller[] = "arn:aws:iam::123456789012:user/rds-exporter";

// The scopes as "account/region via role".
std::vector<std::string> described(const std::vector<aws::ScopeSpec>& scopes) {
  std::vector<std::string> lines;
  for (const auto& scope : scopes) lines.push_back(scope.describe() + (scope.role_arn ? " " + *scope.role_arn : ""));
  return lines;
}

struct Calls {
  int caller = 0;
  int list = 0;
};

ScopeSourcePorts ports(Calls& calls, std::string caller = kCaller,
                       std::vector<aws::OrganizationAccount> accounts = {}) {
  return {[&calls, caller]() -> common::Expected<std::string, aws::AwsError> {
            ++calls.caller;
            return caller;
          },
          [&calls, accounts]() -> common::Expected<std::vector<aws::OrganizationAccount>, aws::AwsError> {
            ++calls.list;
            return accounts;
          }};
}

TEST(ScopeSource, WithoutAccountsItIsTheCallersAccountInEveryRegion) {
  config::Settings::Aws settings;
  settings.regions = {"us-east-1", "eu-west-1"};
  Calls calls;
  ScopeSource source(settings, "us-east-1", ports(calls));
  const auto scopes = source.resolve();
  ASSERT_TRUE(scopes) << scopes.error();
  EXPECT_THAT(described(*scopes), ElementsAre("123456789012/eu-west-1", "123456789012/us-east-1"));
  EXPECT_FALSE(source.refreshes());
  // GetCallerIdentity is asked once, then remembered.
  ASSERT_TRUE(source.resolve());
  EXPECT_EQ(calls.caller, 1);
}

TEST(ScopeSource, TheHomeRegionAloneWhenNoRegionsAreListed) {
  Calls calls;
  ScopeSource source({}, "ap-northeast-2", ports(calls));
  EXPECT_THAT(described(*source.resolve()), ElementsAre("123456789012/ap-northeast-2"));
}

TEST(ScopeSource, ListedAccountsNeedNoCallUnlessOneIsTheBaseAccount) {
  config::Settings::Aws settings;
  settings.regions = {"us-east-1"};
  config::Settings::Account second;
  second.role_arn = "arn:aws:iam::210000000002:role/rds-exporter";
  second.regions = {"eu-west-1", "us-east-1"};
  settings.accounts = {second};
  Calls calls;
  ScopeSource source(settings, "us-east-1", ports(calls));
  EXPECT_THAT(described(*source.resolve()),
              ElementsAre("210000000002/eu-west-1 arn:aws:iam::210000000002:role/rds-exporter",
                          "210000000002/us-east-1 arn:aws:iam::210000000002:role/rds-exporter"));
  EXPECT_EQ(calls.caller, 0);

  settings.accounts.push_back({});
  ScopeSource with_base(settings, "us-east-1", ports(calls));
  EXPECT_THAT(described(*with_base.resolve()),
              ElementsAre("123456789012/us-east-1", "210000000002/eu-west-1 arn:aws:iam::210000000002:role/rds-exporter",
                          "210000000002/us-east-1 arn:aws:iam::210000000002:role/rds-exporter"));
  EXPECT_EQ(calls.caller, 1);
}

TEST(ScopeSource, OrganizationAccountsAreActiveFilteredAndReachedInTheCallersPartition) {
  config::Settings::Aws settings;
  settings.organization.role_name = "rds-exporter";
  settings.organization.regions = {"us-gov-west-1"};
  settings.organization.exclude_accounts = {"210000000004"};
  Calls calls;
  ScopeSource source(settings, "us-gov-west-1",
                     ports(calls, "arn:aws-us-gov:iam::123456789012:user/rds-exporter",
                           {{"123456789012", "", "management", "ACTIVE"},
                            {"210000000002", "", "member-02", "SUSPENDED"},
                            {"210000000003", "", "member-03", "ACTIVE"},
                            {"210000000004", "", "member-04", "ACTIVE"},
                            {"210000000005", "", "member-05", "PENDING_CLOSURE"}}));
  EXPECT_TRUE(source.refreshes());
  EXPECT_THAT(described(*source.resolve()),
              ElementsAre("123456789012/us-gov-west-1 arn:aws-us-gov:iam::123456789012:role/rds-exporter",
                          "210000000003/us-gov-west-1 arn:aws-us-gov:iam::210000000003:role/rds-exporter"));
  // Listed again on every refresh: accounts join and leave organizations.
  ASSERT_TRUE(source.resolve());
  EXPECT_EQ(calls.list, 2);
}

TEST(ScopeSource, IncludeAccountsKeepsOnlyThose) {
  config::Settings::Aws settings;
  settings.regions = {"eu-west-1"};
  settings.organization.role_name = "ops/rds-exporter";
  settings.organization.include_accounts = {"210000000003"};
  Calls calls;
  ScopeSource source(settings, "eu-west-1",
                     ports(calls, kCaller,
                           {{"123456789012", "", "management", "ACTIVE"}, {"210000000003", "", "member", "ACTIVE"}}));
  EXPECT_THAT(described(*source.resolve()),
              ElementsAre("210000000003/eu-west-1 arn:aws:iam::210000000003:role/ops/rds-exporter"));
}

TEST(ScopeSource, AFailedCallSaysWhichCallAndWhy) {
  config::Settings::Aws settings;
  settings.organization.role_name = "rds-exporter";
  ScopeSourcePorts failing{[]() -> common::Expected<std::string, aws::AwsError> { return std::string(kCaller); },
                           []() -> common::Expected<std::vector<aws::OrganizationAccount>, aws::AwsError> {
                             aws::AwsError error;
                             error.code = "AWSOrganizationsNotInUseException";
                             error.message = "Your account is not a member of an organization.";
                             return common::Unexpected{error};
                           }};
  ScopeSource source(settings, "us-east-1", failing);
  const auto scopes = source.resolve();
  ASSERT_FALSE(scopes);
  EXPECT_THAT(scopes.error(), HasSubstr("Organizations ListAccounts"));
  EXPECT_THAT(scopes.error(), HasSubstr("AWSOrganizationsNotInUseException"));
}

}  // namespace
}  // namespace rds_exporter::discovery
