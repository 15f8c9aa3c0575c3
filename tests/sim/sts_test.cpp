#include "sim/credentials/credential_store.h"
#include "sim/fleet/fleet_generator.h"
#include "sim/rds/rds_service.h"
#include "sim/server/query_endpoint.h"
#include "sim/sts/sts_service.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;
using testing::element_texts;
using testing::kNow;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;

constexpr std::string_view kRoleArn = "arn:aws:iam::123456789012:role/rds-exporter-role";
constexpr std::string_view kExternalRoleArn = "arn:aws:iam::123456789012:role/rds-exporter-external-role";

using testing::assume_role_body;
using testing::form_encoded;
using testing::kDescribeDbInstancesBody;

std::string web_identity_body(std::string_view role_arn, std::string_view token) {
  return "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + form_encoded(role_arn) +
         "&RoleSessionName=irsa&WebIdentityToken=" + std::string(token);
}

class SimStsTest : public ::testing::Test {
 protected:
  SimStsTest() {
    services_.add(std::make_unique<RdsService>());
    services_.add(std::make_unique<StsService>(store_));
  }

  const Principal& principal(std::string_view name) const { return testing::principal_in(*fleet_.current(), name); }

  HttpReply send_as(std::string_view name, std::string body, std::string_view service = "sts") {
    return endpoint_.handle(testing::signed_request(principal(name), std::move(body), service, now_));
  }

  HttpReply send_unsigned(std::string body) {
    common::HttpRequest request{
        "POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded"}}, std::move(body)};
    return endpoint_.handle(request);
  }

  // A principal signing with the credentials in an AssumeRole or AssumeRoleWithWebIdentity response.
  static Principal session_of(const HttpReply& reply) { return testing::session_of(reply.body); }

  HttpReply send_with(const Principal& session, std::string body, std::string_view service = "rds") {
    return endpoint_.handle(testing::signed_request(session, std::move(body), service, now_));
  }

  static std::string code_of(const HttpReply& reply) { return element_texts(reply.body, "Code").at(0); }
  // The Message as a client reads it: element_texts gives the text as written, with quotes escaped.
  static std::string message_of(const HttpReply& reply) {
    const std::string written = element_texts(reply.body, "Message").at(0);
    std::string message;
    for (std::size_t at = 0; at < written.size();) {
      const bool quote = written.compare(at, 6, "&apos;") == 0;
      message += quote ? '\'' : written[at];
      at += quote ? 6 : 1;
    }
    return message;
  }

  system_clock::time_point now_ = kNow;
  FleetStore fleet_{
      std::make_shared<const Fleet>(generate_fleet({.instance_count = 3, .region = std::string(testing::kRegion)}))};
  CredentialStore store_{[this] { return now_; }, std::nullopt};
  ServiceRegistry services_;
  RequestStats stats_;
  RequestIds ids_{1};
  RequestAuthenticator authenticator_{[this] { return now_; }, &store_};
  QueryEndpoint endpoint_{fleet_, services_, authenticator_, stats_, ids_};
};

TEST_F(SimStsTest, GetCallerIdentityNamesTheUserEvenWithoutAnyPolicy) {
  const HttpReply reply = send_as("no-rights", "Action=GetCallerIdentity&Version=2011-06-15");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_TRUE(reply.body.starts_with(
      "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <GetCallerIdentityResult>"));
  EXPECT_THAT(element_texts(reply.body, "Arn"), ElementsAre("arn:aws:iam::123456789012:user/no-rights"));
  EXPECT_THAT(element_texts(reply.body, "UserId"), ElementsAre(MatchesRegex("AIDA[A-Z2-7]{17}")));
  EXPECT_THAT(element_texts(reply.body, "Account"), ElementsAre("123456789012"));
  EXPECT_EQ(stats_.snapshot()["sts"]["GetCallerIdentity"]["200"], 1u);
}

TEST_F(SimStsTest, AssumeRoleIssuesCredentialsThatWorkUntilTheyExpire) {
  const HttpReply reply = send_as("rds-exporter-assumer", assume_role_body(kRoleArn));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_THAT(element_texts(reply.body, "AccessKeyId"), ElementsAre(MatchesRegex("ASIA[A-Z2-7]{16}")));
  EXPECT_THAT(element_texts(reply.body, "Expiration"), ElementsAre("2026-11-25T02:02:00Z"));
  EXPECT_THAT(element_texts(reply.body, "Arn"),
              ElementsAre("arn:aws:sts::123456789012:assumed-role/rds-exporter-role/unit"));
  EXPECT_THAT(element_texts(reply.body, "AssumedRoleId"), ElementsAre(MatchesRegex("AROA[A-Z2-7]{17}:unit")));
  const Principal session = session_of(reply);

  EXPECT_EQ(send_with(session, std::string(kDescribeDbInstancesBody)).status, 200);
  const HttpReply identity = send_with(session, "Action=GetCallerIdentity&Version=2011-06-15", "sts");
  EXPECT_THAT(element_texts(identity.body, "UserId"), ElementsAre(MatchesRegex("AROA[A-Z2-7]{17}:unit")));
  // The role's policy, not more: the exporter's actions only.
  EXPECT_EQ(code_of(send_with(session, "Action=ListTagsForResource&Version=2014-10-31&ResourceName=x")),
            "AccessDenied");
  Principal wrong_token = session;
  wrong_token.session_token += "x";
  EXPECT_EQ(code_of(send_with(wrong_token, std::string(kDescribeDbInstancesBody))), "InvalidClientTokenId");

  now_ += hours{1};
  EXPECT_EQ(code_of(send_with(session, std::string(kDescribeDbInstancesBody))), "ExpiredToken");
}

TEST_F(SimStsTest, ExpireAllEndsIssuedSessionsAtOnce) {
  const Principal session = session_of(send_as("rds-exporter-assumer", assume_role_body(kRoleArn)));
  EXPECT_EQ(store_.expire_all(), 1u);
  EXPECT_EQ(code_of(send_with(session, std::string(kDescribeDbInstancesBody))), "ExpiredToken");
  EXPECT_EQ(store_.expire_all(), 0u);
}

TEST_F(SimStsTest, ALifetimeLimitShortensEveryIssuedCredential) {
  CredentialStore limited([this] { return now_; }, seconds{5});
  const Role& role = *fleet_.current()->credential_sources().find_role_by_name("rds-exporter-role");
  const TemporaryCredentials issued = limited.issue(role, "123456789012", "short", seconds{3600});
  EXPECT_EQ(issued.expiration, floor<seconds>(now_) + seconds{5});
}

TEST_F(SimStsTest, DurationSecondsIsHonouredWithinTheRolesMaximum) {
  const HttpReply reply = send_as("rds-exporter-assumer", assume_role_body(kRoleArn, "&DurationSeconds=7200"));
  EXPECT_THAT(element_texts(reply.body, "Expiration"), ElementsAre("2026-11-25T03:02:00Z"));
  EXPECT_EQ(message_of(send_as("rds-exporter-assumer", assume_role_body(kRoleArn, "&DurationSeconds=7201"))),
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  EXPECT_EQ(message_of(send_as("rds-exporter-assumer", assume_role_body(kRoleArn, "&DurationSeconds=899"))),
            "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must "
            "have value greater than or equal to 900");
  EXPECT_EQ(code_of(send_as("rds-exporter-assumer", assume_role_body(kRoleArn, "&DurationSeconds=43201"))),
            "ValidationError");
}

TEST_F(SimStsTest, ValidatesTheRoleAndSessionName) {
  const HttpReply no_arn = send_as("rds-exporter-assumer", "Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1");
  EXPECT_EQ(no_arn.status, 400);
  EXPECT_EQ(message_of(no_arn),
            "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be "
            "null");
  EXPECT_EQ(message_of(send_as("rds-exporter-assumer", assume_role_body("arn:aws:s3:::some-bucket-name"))),
            "Request ARN is invalid");
  const HttpReply bad_name = send_as("rds-exporter-assumer", "Action=AssumeRole&Version=2011-06-15&RoleArn=" +
                                                                 form_encoded(kRoleArn) + "&RoleSessionName=a%20b");
  EXPECT_EQ(message_of(bad_name),
            "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [\\w+=,.@-]*");
}

TEST_F(SimStsTest, AssumeRoleNeedsTheCallersPolicyAndTheRolesTrust) {
  const HttpReply no_policy = send_as("rds-exporter", assume_role_body(kRoleArn));
  EXPECT_EQ(no_policy.status, 403);
  EXPECT_EQ(message_of(no_policy),
            "User: arn:aws:iam::123456789012:user/rds-exporter is not authorized to perform: sts:AssumeRole on "
            "resource: " + std::string(kRoleArn) + " because no identity-based policy allows the sts:AssumeRole action");
  const std::string missing = "arn:aws:iam::123456789012:role/missing";
  const HttpReply untrusted = send_as("rds-exporter-assumer", assume_role_body(missing));
  EXPECT_EQ(untrusted.status, 403);
  EXPECT_EQ(message_of(untrusted),
            "User: arn:aws:iam::123456789012:user/rds-exporter-assumer is not authorized to perform: sts:AssumeRole "
            "on resource: " + missing);
}

TEST_F(SimStsTest, AnExternalIdRoleNeedsItsExternalId) {
  EXPECT_EQ(code_of(send_as("rds-exporter-assumer", assume_role_body(kExternalRoleArn))), "AccessDenied");
  EXPECT_EQ(code_of(send_as("rds-exporter-assumer", assume_role_body(kExternalRoleArn, "&ExternalId=wrong-id"))),
            "AccessDenied");
  const HttpReply right =
      send_as("rds-exporter-assumer", assume_role_body(kExternalRoleArn, "&ExternalId=rdssim-external-id"));
  EXPECT_EQ(right.status, 200) << right.body;
}

TEST_F(SimStsTest, AssumeRoleWithWebIdentityNeedsNoSignature) {
  const HttpReply reply = send_unsigned(web_identity_body(kRoleArn, "rdssim-web-identity-token"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_TRUE(reply.body.starts_with("<AssumeRoleWithWebIdentityResponse"));
  EXPECT_THAT(element_texts(reply.body, "Provider"),
              ElementsAre("arn:aws:iam::123456789012:oidc-provider/oidc.rds-sim.local"));
  EXPECT_THAT(element_texts(reply.body, "Audience"), ElementsAre("sts.amazonaws.com"));
  EXPECT_EQ(send_with(session_of(reply), std::string(kDescribeDbInstancesBody)).status, 200);
  EXPECT_EQ(stats_.snapshot()["sts"]["AssumeRoleWithWebIdentity"]["200"], 1u);
}

TEST_F(SimStsTest, WebIdentityTokensAreCheckedAgainstTheRolesTrust) {
  const HttpReply unknown = send_unsigned(web_identity_body(kRoleArn, "forged-token"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(code_of(unknown), "InvalidIdentityToken");
  EXPECT_EQ(unknown.body.find("forged-token"), std::string::npos);
  const HttpReply other_role = send_unsigned(web_identity_body(kExternalRoleArn, "rdssim-web-identity-token"));
  EXPECT_EQ(other_role.status, 403);
  EXPECT_EQ(message_of(other_role), "Not authorized to perform sts:AssumeRoleWithWebIdentity");
  EXPECT_EQ(code_of(send_unsigned("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" +
                                  form_encoded(kRoleArn) + "&RoleSessionName=irsa")),
            "ValidationError");
}

TEST_F(SimStsTest, OnlyWebIdentityGoesUnsigned) {
  EXPECT_EQ(code_of(send_unsigned(assume_role_body(kRoleArn))), "MissingAuthenticationToken");
  EXPECT_EQ(code_of(send_unsigned("Action=GetCallerIdentity&Version=2011-06-15")), "MissingAuthenticationToken");
  EXPECT_EQ(code_of(send_unsigned("Action=AssumeRoleWithWebIdentity&Version=2010-01-01")), "InvalidAction");
}

}  // namespace
}  // namespace rds_exporter::sim
