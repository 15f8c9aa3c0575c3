#include "aws/services/organizations_wire.h"

#include "../canned_answer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using ::testing::HasSubstr;

// The Organizations API reference's ListAccounts: JSON 1.1, X-Amz-Target AWSOrganizationsV20161128.ListAccounts.
TEST(ListAccountsRequest, IsAJson11CallAskingFullPages) {
  const auto first = list_accounts_request(std::nullopt);
  EXPECT_EQ(first.headers, (common::Headers{{"content-type", "application/x-amz-json-1.1"},
                                            {"x-amz-target", "AWSOrganizationsV20161128.ListAccounts"}}));
  EXPECT_EQ(nlohmann::json::parse(first.body), nlohmann::json::parse(R"({"MaxResults": 20})"));
  const auto next = list_accounts_request("page-2");
  EXPECT_EQ(nlohmann::json::parse(next.body), nlohmann::json::parse(R"({"MaxResults": 20, "NextToken": "page-2"})"));
}

TEST(ParseListAccounts, ReadsEveryAccountWithItsStatus) {
  const auto page = parse_list_accounts(answer(200, R"({
    "Accounts": [
      {"Arn": "arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111", "Email": "a@example.com",
       "Id": "111111111111", "JoinedMethod": "INVITED", "JoinedTimestamp": 1481830215.45, "Name": "Master",
       "Status": "ACTIVE"},
      {"Arn": "arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222", "Email": "b@example.com",
       "Id": "222222222222", "JoinedMethod": "CREATED", "JoinedTimestamp": 1481835741.044, "Name": "Dev",
       "Status": "SUSPENDED"}],
    "NextToken": "next"})"));
  ASSERT_TRUE(page) << page.error().describe();
  ASSERT_EQ(page->accounts.size(), 2u);
  EXPECT_EQ(page->accounts[1].id, "222222222222");
  EXPECT_EQ(page->accounts[1].status, "SUSPENDED");
  EXPECT_EQ(page->next_token, "next");
}

TEST(ParseListAccounts, AnAccountWithoutIdIsAMalformedAnswer) {
  const auto page = parse_list_accounts(answer(200, R"({"Accounts": [{"Name": "x"}]})"));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
}

TEST(ParseListAccounts, AnErrorAnswerKeepsItsCode) {
  const auto page = parse_list_accounts(answer(
      400, R"({"__type": "AWSOrganizationsNotInUseException", "Message": "Your account is not a member of an organization."})"));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, "AWSOrganizationsNotInUseException");
  EXPECT_THAT(page.error().message, HasSubstr("not a member"));
}

}  // namespace
}  // namespace rds_exporter::aws
