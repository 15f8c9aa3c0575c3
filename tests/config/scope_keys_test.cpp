// aws.regions, aws.accounts and aws.organization.*: the keys that choose the scopes (account × region).
#include "config/value_parsers.h"
#include "loader_fixture.h"
#include "rejection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kRole2[] = "arn:aws:iam::210000000002:role/rds-exporter";
constexpr char kRole3[] = "arn:aws:iam::210000000003:role/rds-exporter";

TEST_F(LoaderTest, AccountsFromYamlKeepEveryField) {
  write("default.yaml",
        "aws:\n"
        "  regions: [us-east-1, eu-west-1]\n"
        "  accounts:\n"
        "    - {}\n"
        "    - role_arn: arn:aws:iam::210000000002:role/rds-exporter\n"
        "      external_id: tenant-7\n"
        "      regions: [ap-northeast-2]\n"
        "      session_name: rds-exporter-prod\n");
  const LoadResult result = load();
  ASSERT_TRUE(result.settings) << errors(result).front();
  EXPECT_THAT(result.settings->aws.regions, ElementsAre("us-east-1", "eu-west-1"));
  ASSERT_EQ(result.settings->aws.accounts.size(), 2u);
  EXPECT_EQ(result.settings->aws.accounts[0], Settings::Account{});
  const Settings::Account& second = result.settings->aws.accounts[1];
  EXPECT_EQ(second.role_arn, kRole2);
  EXPECT_EQ(second.external_id, "tenant-7");
  EXPECT_THAT(second.regions, ElementsAre("ap-northeast-2"));
  EXPECT_EQ(second.session_name, "rds-exporter-prod");
  // --check-config never shows the external id, a secret shared between two accounts.
  const auto shown = value_of(result, "aws.accounts").value.value_or("");
  EXPECT_THAT(shown, HasSubstr("external_id=(set)"));
  EXPECT_THAT(shown, Not(HasSubstr("tenant-7")));
}

TEST_F(LoaderTest, AccountsAndRegionsFromTheEnvironment) {
  request.environment["APP_AWS_REGIONS"] = "us-east-1,eu-west-1";
  request.environment["APP_AWS_ACCOUNTS"] =
      std::string(R"([{"role_arn": ")") + kRole2 + R"("}, {"role_arn": ")" + kRole3 + R"(", "regions": "us-east-1"}])";
  const LoadResult result = load();
  ASSERT_TRUE(result.settings) << errors(result).front();
  EXPECT_THAT(result.settings->aws.regions, ElementsAre("us-east-1", "eu-west-1"));
  ASSERT_EQ(result.settings->aws.accounts.size(), 2u);
  EXPECT_EQ(result.settings->aws.accounts[1].role_arn, kRole3);
  EXPECT_THAT(result.settings->aws.accounts[1].regions, ElementsAre("us-east-1"));
  EXPECT_EQ(value_of(result, "aws.accounts").source, "env APP_AWS_ACCOUNTS");
}

TEST_F(LoaderTest, AMisspelledAccountFieldNamesTheEntryTheFileAndTheRightName) {
  write("default.yaml", "aws:\n  accounts:\n    - rol_arn: arn:aws:iam::210000000002:role/rds-exporter\n");
  const LoadResult result = load();
  ASSERT_FALSE(result.settings);
  ASSERT_THAT(errors(result), Not(IsEmpty()));
  EXPECT_THAT(errors(result).front(), HasSubstr("config/default.yaml"));
  EXPECT_THAT(errors(result).front(), HasSubstr("aws.accounts: entry 1: unknown field 'rol_arn'"));
  EXPECT_THAT(errors(result).front(), HasSubstr("did you mean 'role_arn'?"));
}

TEST_F(LoaderTest, AccountsAndAnOrganizationTogetherAreAnErrorNamingBoth) {
  write("default.yaml", std::string("aws:\n  accounts: [{role_arn: ") + kRole2 + "}]\n");
  request.environment["APP_AWS_ORGANIZATION_ROLE_NAME"] = "rds-exporter";
  const LoadResult result = load();
  ASSERT_FALSE(result.settings);
  EXPECT_THAT(errors(result), ElementsAre(AllOf(HasSubstr("aws.accounts (config/default.yaml"),
                                                HasSubstr("aws.organization.role_name (env APP_AWS_ORGANIZATION_ROLE_NAME)"))));
}

TEST_F(LoaderTest, OrganizationFiltersNeedItsRole) {
  write("default.yaml", "aws:\n  organization:\n    exclude_accounts: ['210000000002']\n");
  const LoadResult result = load();
  ASSERT_FALSE(result.settings);
  EXPECT_THAT(errors(result).front(), HasSubstr("aws.organization.exclude_accounts"));
  EXPECT_THAT(errors(result).front(), HasSubstr("aws.organization.role_name is not"));
}

TEST_F(LoaderTest, OrganizationKeysLoad) {
  write("default.yaml",
        "aws:\n  organization:\n    role_name: rds-exporter\n    regions: [eu-west-1]\n"
        "    include_accounts: ['210000000002', '210000000003']\n");
  const LoadResult result = load();
  ASSERT_TRUE(result.settings) << errors(result).front();
  EXPECT_EQ(result.settings->aws.organization.role_name, "rds-exporter");
  EXPECT_THAT(result.settings->aws.organization.include_accounts, ElementsAre("210000000002", "210000000003"));
}

TEST(ScopeValues, RegionsAreCheckedOneByOneAndListedOnce) {
  EXPECT_THAT(rejection(parse_aws_regions(std::string("us-east-1,EU-WEST-1"))),
              HasSubstr("'EU-WEST-1': expected an AWS region name"));
  EXPECT_THAT(rejection(parse_aws_regions(std::string("us-east-1,us-east-1"))), HasSubstr("listed twice"));
}

TEST(ScopeValues, AccountIdsAreTwelveDigits) {
  EXPECT_THAT(rejection(parse_account_ids(std::string("12345"))), HasSubstr("12 digits"));
  EXPECT_EQ(rejection(parse_account_ids(std::string("123456789012"))), "(accepted)");
}

TEST(ScopeValues, AccountsRejectWhatCannotBeAssumed) {
  EXPECT_THAT(rejection(parse_accounts(std::string("{role_arn: x}"))), HasSubstr("a list of mappings"));
  EXPECT_THAT(rejection(parse_accounts(std::string("[{role_arn: arn:aws:iam::1:role/x}]"))),
              HasSubstr("entry 1: role_arn: expected a role ARN"));
  EXPECT_THAT(rejection(parse_accounts(std::string("[{external_id: abcdef}]"))), HasSubstr("need a role_arn"));
  EXPECT_THAT(rejection(parse_accounts(std::string("[{}, {regions: [us-east-1]}]"))), HasSubstr("entry 2"));
  EXPECT_THAT(rejection(parse_accounts(std::string("[{role_arn: ") + kRole2 + "}, {role_arn: " + kRole2 + "}]")),
              HasSubstr("listed twice"));
  EXPECT_THAT(rejection(parse_accounts(std::string("[unclosed"))), HasSubstr("does not parse"));
  // An external id is never echoed, even when it is the invalid part.
  EXPECT_THAT(rejection(parse_accounts(std::string("[{role_arn: ") + kRole2 + ", external_id: 'sec ret'}]")),
              Not(HasSubstr("sec ret")));
}

}  // namespace
}  // namespace rds_exporter::config
