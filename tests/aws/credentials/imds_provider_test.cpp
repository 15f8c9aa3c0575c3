#include "aws/credentials/imds_provider.h"

#include "fake_transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;
using testing::header_of;
using Kind = CredentialsProblem::Kind;

constexpr const char* kBase = "http://169.254.169.254";
constexpr const char* kImdsCredentialsJson =
    R"({"Code":"Success","LastUpdated":"2024-05-01T12:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS",)"
    R"("SecretAccessKey":"imds-secret","Token":"imds-session-token","Expiration":"2030-05-01T18:00:00Z"})";

void script_instance(FakeTransport& transport, const std::string& base = kBase) {
  transport.answer("PUT", base + "/latest/api/token", 200, "imds-v2-token");
  transport.answer("GET", base + "/latest/meta-data/iam/security-credentials/", 200, "rds-exporter-role\n");
  transport.answer("GET", base + "/latest/meta-data/iam/security-credentials/rds-exporter-role", 200,
                   kImdsCredentialsJson);
  transport.answer("GET", base + "/latest/meta-data/placement/region", 200, "eu-west-1");
}

TEST(ImdsProviderTest, FollowsTheImdsV2Flow) {
  FakeTransport transport;
  script_instance(transport);
  ImdsProvider provider(transport, {});
  const auto credentials = provider.credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAIMDS");
  EXPECT_EQ(credentials->secret_access_key, "imds-secret");
  EXPECT_EQ(credentials->session_token, "imds-session-token");
  EXPECT_TRUE(credentials->expiration);

  const auto requests = transport.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].url, "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(header_of(requests[0], "x-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(requests[1].url, "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(requests[2].url, "http://169.254.169.254/latest/meta-data/iam/security-credentials/rds-exporter-role");
  for (const auto& request : requests) {
    ASSERT_TRUE(request.connect_timeout);
    EXPECT_LE(*request.connect_timeout, std::chrono::seconds(1));
    ASSERT_TRUE(request.total_timeout);
    EXPECT_LE(*request.total_timeout, std::chrono::seconds(1));
  }
  EXPECT_EQ(header_of(requests[1], "x-aws-ec2-metadata-token"), "imds-v2-token");
  EXPECT_EQ(header_of(requests[2], "x-aws-ec2-metadata-token"), "imds-v2-token");
  EXPECT_EQ(provider.name(), "imds");
}

TEST(ImdsProviderTest, FallsBackToImdsV1WhenTheTokenIsRefused) {
  for (const int status : {403, 404, 405}) {
    FakeTransport transport;
    script_instance(transport);
    transport.answer("PUT", std::string(kBase) + "/latest/api/token", status);
    const auto credentials = ImdsProvider(transport, {}).credentials();
    ASSERT_TRUE(credentials) << status << ": " << credentials.error().message;
    const auto requests = transport.requests();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(header_of(requests[1], "x-aws-ec2-metadata-token"), "");
    EXPECT_EQ(header_of(requests[2], "x-aws-ec2-metadata-token"), "");
  }
}

TEST(ImdsProviderTest, FallsBackToImdsV1WhenTheTokenRequestTimesOut) {
  FakeTransport transport;
  script_instance(transport);
  transport.script("PUT", std::string(kBase) + "/latest/api/token",
                   {FakeTransport::failure(TransportErrorKind::timed_out)});
  EXPECT_TRUE(ImdsProvider(transport, {}).credentials());
}

TEST(ImdsProviderTest, NoFallbackWhenImdsV1IsDisabled) {
  FakeTransport transport;
  script_instance(transport);
  transport.answer("PUT", std::string(kBase) + "/latest/api/token", 403);
  const auto credentials = ImdsProvider(transport, {{"AWS_EC2_METADATA_V1_DISABLED", "true"}}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_EQ(credentials.error().message,
            "the IMDSv2 token request answered HTTP 403 at http://169.254.169.254 and "
            "AWS_EC2_METADATA_V1_DISABLED=true forbids IMDSv1");
  EXPECT_EQ(transport.requests().size(), 1u);
}

TEST(ImdsProviderTest, DisabledIsAbsentWithoutARequest) {
  FakeTransport transport;
  const auto credentials = ImdsProvider(transport, {{"AWS_EC2_METADATA_DISABLED", "TRUE"}}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::absent);
  EXPECT_EQ(credentials.error().message, "disabled by AWS_EC2_METADATA_DISABLED=true");
  EXPECT_TRUE(transport.requests().empty());
  EXPECT_TRUE(ImdsProvider(transport, {{"AWS_EC2_METADATA_DISABLED", "false"}})
                  .credentials()
                  .error()
                  .message.starts_with("no answer"));
}

TEST(ImdsProviderTest, OffEc2ItIsAbsentAfterOneQuickTry) {
  FakeTransport transport;
  const auto credentials = ImdsProvider(transport, {}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::absent);
  EXPECT_EQ(credentials.error().message, "no answer from http://169.254.169.254 (connect_failed)");
  EXPECT_EQ(transport.requests().size(), 1u);
}

TEST(ImdsProviderTest, TheEndpointCanBeOverriddenOrSwitchedToIpv6) {
  FakeTransport transport;
  script_instance(transport, "http://127.0.0.1:1338");
  EXPECT_TRUE(ImdsProvider(transport, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/"}}).credentials());

  FakeTransport ipv6;
  script_instance(ipv6, "http://[fd00:ec2::254]");
  EXPECT_TRUE(ImdsProvider(ipv6, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}).credentials());

  const auto bad_mode = ImdsProvider(ipv6, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5"}}).credentials();
  ASSERT_FALSE(bad_mode);
  EXPECT_EQ(bad_mode.error().kind, Kind::failed);
  EXPECT_EQ(bad_mode.error().message, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6, not IPv5");
}

TEST(ImdsProviderTest, AnInstanceWithoutRoleIsAbsent) {
  FakeTransport transport;
  script_instance(transport);
  transport.answer("GET", std::string(kBase) + "/latest/meta-data/iam/security-credentials/", 404);
  const auto credentials = ImdsProvider(transport, {}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::absent);
  EXPECT_EQ(credentials.error().message, "the instance at http://169.254.169.254 has no IAM role");
}

TEST(ImdsProviderTest, CredentialsWhoseCodeIsNotSuccessFail) {
  FakeTransport transport;
  script_instance(transport);
  transport.answer("GET", std::string(kBase) + "/latest/meta-data/iam/security-credentials/rds-exporter-role", 200,
                   R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"denied"})");
  const auto credentials = ImdsProvider(transport, {}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_THAT(credentials.error().message, HasSubstr("Code \"AssumeRoleUnauthorizedAccess\""));
}

TEST(ImdsProviderTest, AnErrorStatusFails) {
  FakeTransport transport;
  script_instance(transport);
  transport.answer("GET", std::string(kBase) + "/latest/meta-data/iam/security-credentials/", 401);
  const auto credentials = ImdsProvider(transport, {}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message,
            "http://169.254.169.254 answered HTTP 401 to GET /latest/meta-data/iam/security-credentials/");
}

TEST(ImdsProviderTest, AwsMetadataServiceTimeoutSetsEveryRequestsTimeouts) {
  FakeTransport transport;
  script_instance(transport);
  ASSERT_TRUE(ImdsProvider(transport, {{"AWS_METADATA_SERVICE_TIMEOUT", "2.5"}}).credentials());
  for (const auto& request : transport.requests()) {
    EXPECT_EQ(request.connect_timeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(request.total_timeout, std::chrono::milliseconds(2500));
  }
}

TEST(ImdsProviderTest, AwsMetadataServiceNumAttemptsSetsTheAttemptsOfEachGet) {
  const std::string roles = std::string(kBase) + "/latest/meta-data/iam/security-credentials/";
  for (const auto& [attempts, expected_gets] : {std::pair{"", 3u}, std::pair{"5", 5u}, std::pair{"1", 1u}}) {
    FakeTransport transport;
    script_instance(transport);
    transport.answer("GET", roles, 503);
    const auto credentials =
        ImdsProvider(transport, {{"AWS_METADATA_SERVICE_NUM_ATTEMPTS", attempts}}).credentials();
    ASSERT_FALSE(credentials);
    const auto requests = transport.requests();
    // The token request once, then the busy GET as many times as allowed (3 with a token by default).
    EXPECT_EQ(requests.size(), 1 + expected_gets) << "AWS_METADATA_SERVICE_NUM_ATTEMPTS=" << attempts;
  }
}

TEST(ImdsProviderTest, ABadMetadataServiceVariableFailsNamingIt) {
  FakeTransport transport;
  const auto credentials = ImdsProvider(transport, {{"AWS_METADATA_SERVICE_TIMEOUT", "soon"}}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_THAT(credentials.error().message, HasSubstr("AWS_METADATA_SERVICE_TIMEOUT"));
  EXPECT_TRUE(transport.requests().empty());
}

TEST(ImdsProviderTest, ACancelledRequestIsCancelledNotAbsent) {
  FakeTransport transport;
  transport.script("PUT", std::string(kBase) + "/latest/api/token", {FakeTransport::failure(TransportErrorKind::cancelled)});
  const auto credentials = ImdsProvider(transport, {}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::cancelled);
  EXPECT_EQ(transport.requests().size(), 1u);
}

TEST(ImdsRegionTest, ReadsThePlacementRegion) {
  FakeTransport transport;
  script_instance(transport);
  EXPECT_EQ(imds_region(transport, {}), "eu-west-1");
  EXPECT_EQ(header_of(transport.requests().back(), "x-aws-ec2-metadata-token"), "imds-v2-token");
}

TEST(ImdsRegionTest, NothingWhenDisabledOrAbsent) {
  FakeTransport transport;
  EXPECT_EQ(imds_region(transport, {}), std::nullopt);
  script_instance(transport);
  EXPECT_EQ(imds_region(transport, {{"AWS_EC2_METADATA_DISABLED", "true"}}), std::nullopt);
}

}  // namespace
}  // namespace rds_exporter::aws
