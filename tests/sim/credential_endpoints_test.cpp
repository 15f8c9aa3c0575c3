#include "sim/credentials/container_credentials_service.h"
#include "sim/credentials/instance_metadata_service.h"
#include "sim/credentials/sso_portal_service.h"
#include "sim/fleet/fleet_generator.h"
#include "sim/server/rest_endpoints.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;
using Json = nlohmann::json;
using ::testing::MatchesRegex;

class SimCredentialEndpointsTest : public ::testing::Test {
 protected:
  SimCredentialEndpointsTest() {
    rest_.add(std::make_unique<InstanceMetadataService>(fleet_, store_, [this] { return now_; }));
    rest_.add(std::make_unique<ContainerCredentialsService>(fleet_, store_));
    rest_.add(std::make_unique<SsoPortalService>(fleet_, store_));
  }

  HttpReply send(std::size_t service, std::string method, std::string path, common::Headers headers = {},
                 common::QueryParams query = {}) {
    common::HttpRequest request{std::move(method), std::move(path), std::move(query), std::move(headers), ""};
    return rest_.handle(*rest_.services()[service], request);
  }

  HttpReply imds(std::string method, std::string path, common::Headers headers = {}) {
    return send(0, std::move(method), std::move(path), std::move(headers));
  }
  HttpReply container(std::string path, common::Headers headers = {}) {
    return send(1, "GET", std::move(path), headers);
  }
  HttpReply sso(common::QueryParams query, common::Headers headers) {
    return send(2, "GET", "/federation/credentials", std::move(headers), std::move(query));
  }

  std::string imds_token(std::string ttl = "21600") {
    const HttpReply reply = imds("PUT", "/latest/api/token", {{"X-aws-ec2-metadata-token-ttl-seconds", ttl}});
    EXPECT_EQ(reply.status, 200);
    return reply.body;
  }

  // The session the credentials in `document` belong to, as the authenticator will find it.
  const Principal* session_of(const Json& document, std::string_view key_member) const {
    return store_.find(document[std::string(key_member)].get<std::string>());
  }

  system_clock::time_point now_ = testing::kNow;
  std::shared_ptr<const Fleet> fleet_ =
      std::make_shared<const Fleet>(generate_fleet({.instance_count = 1, .region = std::string(testing::kRegion)}));
  CredentialStore store_{[this] { return now_; }, std::nullopt};
  RequestStats stats_;
  RestEndpoints rest_{stats_};
};

TEST_F(SimCredentialEndpointsTest, ImdsHandsOutTheInstanceProfileRolesCredentialsForAToken) {
  const common::Headers with_token{{"X-aws-ec2-metadata-token", imds_token()}};
  const HttpReply role = imds("GET", "/latest/meta-data/iam/security-credentials/", with_token);
  EXPECT_EQ(role.status, 200);
  EXPECT_EQ(role.body, "rds-exporter-role");
  const HttpReply credentials = imds("GET", "/latest/meta-data/iam/security-credentials/rds-exporter-role", with_token);
  ASSERT_EQ(credentials.status, 200);
  const Json document = Json::parse(credentials.body);
  EXPECT_EQ(document["Code"], "Success");
  EXPECT_EQ(document["Type"], "AWS-HMAC");
  EXPECT_EQ(document["Expiration"], "2026-11-25T07:02:00Z");  // six hours
  const Principal* session = session_of(document, "AccessKeyId");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->session_token, document["Token"]);
  EXPECT_EQ(session->arn, "arn:aws:sts::123456789012:assumed-role/rds-exporter-role/i-0123456789abcdef0");
  EXPECT_EQ(imds("GET", "/latest/meta-data/placement/region", with_token).body, "ap-northeast-2");
  EXPECT_EQ(imds("GET", "/latest/meta-data/iam/security-credentials/other-role", with_token).status, 404);
  EXPECT_EQ(stats_.snapshot()["imds"]["GetRoleCredentials"]["200"], 1u);
}

TEST_F(SimCredentialEndpointsTest, ImdsRequiresALiveToken) {
  const std::string path = "/latest/meta-data/iam/security-credentials/";
  EXPECT_EQ(imds("GET", path).status, 401);
  EXPECT_EQ(imds("GET", path, {{"X-aws-ec2-metadata-token", "forged"}}).status, 401);
  const std::string token = imds_token("60");
  EXPECT_EQ(imds("GET", path, {{"X-aws-ec2-metadata-token", token}}).status, 200);
  now_ += seconds{60};
  EXPECT_EQ(imds("GET", path, {{"X-aws-ec2-metadata-token", token}}).status, 401);
  EXPECT_EQ(stats_.snapshot()["imds"]["GetRoleName"]["401"], 3u);
}

TEST_F(SimCredentialEndpointsTest, ImdsTokenTtlMustBeOneSecondToSixHours) {
  for (const std::string ttl : {"0", "21601", "abc", ""}) {
    EXPECT_EQ(imds("PUT", "/latest/api/token", {{"X-aws-ec2-metadata-token-ttl-seconds", ttl}}).status, 400) << ttl;
  }
  EXPECT_EQ(imds("PUT", "/latest/api/token").status, 400);
  EXPECT_EQ(imds("GET", "/latest/api/token").status, 405);
  const HttpReply reply = imds("PUT", "/latest/api/token", {{"X-aws-ec2-metadata-token-ttl-seconds", "1"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_THAT(reply.body, MatchesRegex("[A-Za-z0-9_-]{56}"));
}

TEST_F(SimCredentialEndpointsTest, ContainerEndpointServesEcsAndPodIdentityForms) {
  const HttpReply task = container("/v2/credentials/rdssim-task-credentials");
  ASSERT_EQ(task.status, 200);
  const Json document = Json::parse(task.body);
  EXPECT_EQ(document["RoleArn"], "arn:aws:iam::123456789012:role/rds-exporter-role");
  EXPECT_NE(session_of(document, "AccessKeyId"), nullptr);
  EXPECT_EQ(container("/v2/credentials/another-task").status, 400);

  EXPECT_EQ(container("/v1/credentials").status, 401);
  EXPECT_EQ(container("/v1/credentials", {{"Authorization", "wrong"}}).status, 403);
  const HttpReply pod = container("/v1/credentials", {{"Authorization", "rdssim-container-authorization-token"}});
  ASSERT_EQ(pod.status, 200);
  EXPECT_EQ(Json::parse(pod.body)["Token"], session_of(Json::parse(pod.body), "AccessKeyId")->session_token);
  EXPECT_EQ(stats_.snapshot()["container-credentials"]["GetPodCredentials"]["AccessDenied"], 2u);
}

TEST_F(SimCredentialEndpointsTest, SsoPortalExchangesAnAccessTokenForRoleCredentials) {
  const common::QueryParams query{{"role_name", "rds-exporter-role"}, {"account_id", "123456789012"}};
  const HttpReply reply = sso(query, {{"x-amz-sso_bearer_token", "rdssim-sso-access-token"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const Json credentials = Json::parse(reply.body)["roleCredentials"];
  const auto expected_ms = duration_cast<milliseconds>((floor<seconds>(now_) + hours{1}).time_since_epoch());
  EXPECT_EQ(credentials["expiration"], expected_ms.count());
  EXPECT_EQ(session_of(credentials, "accessKeyId")->secret_access_key, credentials["secretAccessKey"]);
}

TEST_F(SimCredentialEndpointsTest, SsoPortalRefusesWhatTheTokenDoesNotGrant) {
  const common::Headers token{{"x-amz-sso_bearer_token", "rdssim-sso-access-token"}};
  const auto error_type = [](const HttpReply& reply) { return reply.headers.at(0).second; };
  const HttpReply forged = sso({{"role_name", "rds-exporter-role"}, {"account_id", "123456789012"}},
                               {{"x-amz-sso_bearer_token", "forged"}});
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(error_type(forged), "UnauthorizedException");
  const HttpReply other_role = sso({{"role_name", "rds-exporter-external-role"}, {"account_id", "123456789012"}}, token);
  EXPECT_EQ(other_role.status, 403);
  EXPECT_EQ(error_type(other_role), "ForbiddenException");
  EXPECT_EQ(sso({{"role_name", "rds-exporter-role"}, {"account_id", "210987654321"}}, token).status, 403);
  EXPECT_EQ(sso({{"role_name", "rds-exporter-role"}}, token).status, 400);
}

}  // namespace
}  // namespace rds_exporter::sim
