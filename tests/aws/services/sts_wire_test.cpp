#include "aws/services/sts_wire.h"

#include "../canned_answer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using ::testing::HasSubstr;
using ::testing::Not;

// The example of the STS API reference, trimmed of members the exporter does not read; AssumeRole and
// AssumeRoleWithWebIdentity answer alike but for the operation's name.
std::string credentials_answer(const std::string& operation) {
  return "<" + operation + R"(Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <)" + operation +
         R"(Result>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/rds-exporter/rds-exporter</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:rds-exporter</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>IQoJb3JpZ2luX2VjEOz////////////////////wEXAMPLEtMSJHMEUCIDoKK3JH9uG</SessionToken>
      <Expiration>2024-05-01T13:00:00Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </)" + operation +
         R"(Result>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</)" + operation +
         "Response>";
}

const std::string kAssumeRoleAnswer = credentials_answer("AssumeRole");

std::chrono::system_clock::time_point one_pm_may_first() {
  using namespace std::chrono;
  return sys_days{year{2024} / 5 / 1} + hours{13};
}

// docs/aws-wire-formats.md#sts-assumerole.
TEST(AssumeRoleRequest, MatchesTheReferenceBody) {
  const auto request = assume_role_request({.role_arn = "arn:aws:iam::123456789012:role/rds-exporter",
                                            .session_name = "rds-exporter",
                                            .external_id = std::nullopt,
                                            .duration_seconds = 3600});
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}}));
  EXPECT_EQ(request.body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Frds-exporter&"
            "RoleSessionName=rds-exporter&DurationSeconds=3600");
}

TEST(AssumeRoleRequest, SendsTheExternalIdAfterTheDurationAsBotocoreDoes) {
  EXPECT_EQ(assume_role_request({.role_arn = "arn:aws:iam::123456789012:role/r",
                                 .session_name = "s",
                                 .external_id = "ext id",
                                 .duration_seconds = 900})
                .body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&"
            "RoleSessionName=s&DurationSeconds=900&ExternalId=ext%20id");
  EXPECT_EQ(
      assume_role_request({.role_arn = "r", .session_name = "s", .external_id = "e", .duration_seconds = std::nullopt})
          .body,
      "Action=AssumeRole&Version=2011-06-15&RoleArn=r&RoleSessionName=s&ExternalId=e");
}

// docs/aws-wire-formats.md#sts-assumerolewithwebidentity.
TEST(AssumeRoleWithWebIdentityRequest, MatchesTheReferenceBody) {
  const auto request = assume_role_with_web_identity_request({.role_arn = "arn:aws:iam::123456789012:role/rds-exporter",
                                                              .session_name = "rds-exporter",
                                                              .web_identity_token = "eyJhbGciOiJSUzI1NiIs...",
                                                              .duration_seconds = std::nullopt});
  EXPECT_EQ(
      request.body,
      "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Frds-"
      "exporter&RoleSessionName=rds-exporter&WebIdentityToken=eyJhbGciOiJSUzI1NiIs...");
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}}));
}

TEST(GetCallerIdentityRequest, HasNoParameters) {
  EXPECT_EQ(get_caller_identity_request().body, "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST(ParseAssumeRole, ReadsTheTemporaryCredentials) {
  const auto credentials = parse_assume_role(answer(200, kAssumeRoleAnswer));
  ASSERT_TRUE(credentials.has_value()) << credentials.error().describe();
  EXPECT_EQ(credentials->access_key_id, "ASIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(credentials->secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
  EXPECT_EQ(credentials->session_token, "IQoJb3JpZ2luX2VjEOz////////////////////wEXAMPLEtMSJHMEUCIDoKK3JH9uG");
  EXPECT_EQ(credentials->expiration, one_pm_may_first());
}

TEST(ParseAssumeRoleWithWebIdentity, ReadsItsOwnResultElement) {
  const std::string body = credentials_answer("AssumeRoleWithWebIdentity");
  const auto credentials = parse_assume_role_with_web_identity(answer(200, body));
  ASSERT_TRUE(credentials.has_value()) << credentials.error().describe();
  EXPECT_EQ(credentials->access_key_id, "ASIAIOSFODNN7EXAMPLE");
  EXPECT_FALSE(parse_assume_role(answer(200, body)).has_value());
}

TEST(ParseAssumeRole, ReportsAMissingMemberWithoutQuotingSecrets) {
  std::string body = kAssumeRoleAnswer;
  const auto token = body.find("<SessionToken>");
  body.erase(token, body.find("</SessionToken>") + 15 - token);
  const auto credentials = parse_assume_role(answer(200, body));
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(credentials.error().message,
            "AssumeRole answer: AssumeRoleResponse/AssumeRoleResult/Credentials: missing element SessionToken");
  EXPECT_THAT(credentials.error().describe(), Not(HasSubstr("wJalrXUtnFEMI")));
}

TEST(ParseAssumeRole, RejectsAnUnreadableExpiration) {
  std::string body = kAssumeRoleAnswer;
  body.replace(body.find("2024-05-01T13:00:00Z"), 20, "tomorrow");
  const auto credentials = parse_assume_role(answer(200, body));
  ASSERT_FALSE(credentials.has_value());
  EXPECT_THAT(credentials.error().message,
              HasSubstr("Credentials/Expiration: expected an ISO-8601 time, got 'tomorrow'"));
}

// Past 2262-04-11 the clock's nanoseconds would overflow: refused as malformed rather than read wrapped.
TEST(ParseAssumeRole, RejectsAnExpirationPastTheClocksRange) {
  std::string body = kAssumeRoleAnswer;
  body.replace(body.find("2024-05-01T13:00:00Z"), 20, "2300-01-01T00:00:00Z");
  const auto credentials = parse_assume_role(answer(200, body));
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(credentials.error().message,
              HasSubstr("Credentials/Expiration: expected an ISO-8601 time, got '2300-01-01T00:00:00Z'"));
}

TEST(ParseAssumeRole, ReportsATruncatedAnswerWithoutQuotingIt) {
  const std::string body = kAssumeRoleAnswer;
  const auto credentials = parse_assume_role(answer(200, body.substr(0, body.find("EXAMPLEKEY"))));
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(credentials.error().message, HasSubstr("AssumeRole answer is not well-formed XML"));
  EXPECT_THAT(credentials.error().message, Not(HasSubstr("wJalrXUtnFEMI")));
}

TEST(ParseAssumeRole, ReturnsTheServiceError) {
  const auto credentials = parse_assume_role(
      answer(403,
             "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
             "<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message>"
             "</Error><RequestId>sts-req-1</RequestId></ErrorResponse>"));
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::service);
  EXPECT_EQ(credentials.error().code, "AccessDenied");
  EXPECT_EQ(credentials.error().request_id, "sts-req-1");
}

TEST(ParseGetCallerIdentity, ReadsTheIdentity) {
  const auto identity = parse_get_caller_identity(
      answer(200, R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/rds-exporter</Arn>
    <UserId>AIDASAMPLEUSERID</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>)"));
  ASSERT_TRUE(identity.has_value()) << identity.error().describe();
  EXPECT_EQ(identity->account, "123456789012");
  EXPECT_EQ(identity->arn, "arn:aws:iam::123456789012:user/rds-exporter");
  EXPECT_EQ(identity->user_id, "AIDASAMPLEUSERID");
}

}  // namespace
}  // namespace rds_exporter::aws
