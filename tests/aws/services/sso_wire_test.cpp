#include "aws/services/sso_wire.h"

#include "../canned_answer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

// docs/aws-wire-formats.md#iam-identity-center-getrolecredentials, with values filled in.
constexpr const char* kRoleCredentials =
    R"({"roleCredentials":{"accessKeyId":"ASIASSOEXAMPLE","secretAccessKey":"ssoSecretKeyEXAMPLE","sessionToken":"ssoSessionTokenEXAMPLE","expiration":1714593600000}})";

// docs/aws-wire-formats.md#iam-identity-center-getrolecredentials.
TEST(GetRoleCredentialsRequest, IsTheDocumentedGet) {
  const auto request = get_role_credentials_request("123456789012", "ReadOnly", "aoa-token");
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.path, "/federation/credentials");
  EXPECT_EQ(request.query, (common::QueryParams{{"role_name", "ReadOnly"}, {"account_id", "123456789012"}}));
  EXPECT_EQ(request.headers, (common::Headers{{"x-amz-sso_bearer_token", "aoa-token"}}));
  EXPECT_EQ(request.body, "");
}

TEST(ParseGetRoleCredentials, ReadsTheCredentialsAndTheExpirationInMilliseconds) {
  const auto credentials = parse_get_role_credentials(answer(200, kRoleCredentials));
  ASSERT_TRUE(credentials.has_value()) << credentials.error().describe();
  EXPECT_EQ(credentials->access_key_id, "ASIASSOEXAMPLE");
  EXPECT_EQ(credentials->secret_access_key, "ssoSecretKeyEXAMPLE");
  EXPECT_EQ(credentials->session_token, "ssoSessionTokenEXAMPLE");
  EXPECT_EQ(credentials->expiration, std::chrono::system_clock::time_point{1714593600000ms});
}

TEST(ParseGetRoleCredentials, AcceptsAnExpirationInExponentNotation) {
  std::string body = kRoleCredentials;
  body.replace(body.find("1714593600000"), 13, "1.7145936E12");
  const auto credentials = parse_get_role_credentials(answer(200, body));
  ASSERT_TRUE(credentials.has_value()) << credentials.error().describe();
  EXPECT_EQ(credentials->expiration, std::chrono::system_clock::time_point{1714593600000ms});
}

TEST(ParseGetRoleCredentials, NamesAMissingMember) {
  const auto credentials = parse_get_role_credentials(
      answer(200, R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"S","expiration":1714593600000}})"));
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(credentials.error().message, "GetRoleCredentials answer: roleCredentials: missing member sessionToken");
}

TEST(ParseGetRoleCredentials, ReportsATruncatedAnswerWithoutQuotingTheSecret) {
  const std::string body = kRoleCredentials;
  const auto credentials = parse_get_role_credentials(answer(200, body.substr(0, body.find("EXAMPLE\",\"session"))));
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(credentials.error().message, HasSubstr("GetRoleCredentials answer is not valid JSON"));
  EXPECT_THAT(credentials.error().describe(), Not(HasSubstr("ssoSecretKey")));
}

TEST(ParseGetRoleCredentials, ReadsTheRestJsonError) {
  const auto credentials = parse_get_role_credentials(answer(
      401, R"({"message":"Session token not found or invalid"})",
      {{"x-amzn-errortype", "UnauthorizedException:http://internal.amazon.com/coral/com.amazon.switchboard.portal/"},
       {"x-amzn-requestid", "sso-1"}}));
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::service);
  EXPECT_EQ(credentials.error().code, "UnauthorizedException");
  EXPECT_EQ(credentials.error().message, "Session token not found or invalid");
  EXPECT_EQ(credentials.error().request_id, "sso-1");
  EXPECT_EQ(credentials.error().http_status, 401);
}

}  // namespace
}  // namespace rds_exporter::aws
