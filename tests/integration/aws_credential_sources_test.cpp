// Every credential source of the default chain, as a user configures it (variables, files in HOME), against
// rds_sim's real STS, SSO portal, instance metadata and container endpoints.
#include "aws_test_home.h"
#include "rds_sim_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <string>

namespace rds_exporter::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr std::string_view kAccount = "123456789012";

// The fleet's principals (sim/README.md "Principals"): test values, not real credentials.
constexpr std::string_view kExporterKeys =
    "aws_access_key_id = AKIARDSSIMEXPORTER01\naws_secret_access_key = rdssimExporterSecretKey0000000000000001\n";
constexpr std::string_view kAssumerKeys =
    "aws_access_key_id = AKIARDSSIMASSUMER001\naws_secret_access_key = rdssimAssumerSecretKey00000000000000001\n";
const common::Environment kExporterEnvironmentKeys{
    {"AWS_ACCESS_KEY_ID", "AKIARDSSIMEXPORTER01"},
    {"AWS_SECRET_ACCESS_KEY", "rdssimExporterSecretKey0000000000000001"}};
const common::Environment kAssumerEnvironmentKeys{{"AWS_ACCESS_KEY_ID", "AKIARDSSIMASSUMER001"},
                                                  {"AWS_SECRET_ACCESS_KEY", "rdssimAssumerSecretKey00000000000000001"}};

constexpr std::string_view kExporterUserArn = "arn:aws:iam::123456789012:user/rds-exporter";
constexpr std::string_view kRoleArn = "arn:aws:iam::123456789012:role/rds-exporter-role";
constexpr std::string_view kExternalRoleArn = "arn:aws:iam::123456789012:role/rds-exporter-external-role";
constexpr std::string_view kJumpRoleArn = "arn:aws:iam::123456789012:role/jump-role";

std::string role_session_arn(std::string_view role, std::string_view session) {
  return "arn:aws:sts::123456789012:assumed-role/" + std::string(role) + "/" + std::string(session);
}

common::Environment merged(common::Environment environment, const common::Environment& more) {
  for (const auto& [name, value] : more) environment[name] = value;
  return environment;
}

// RFC 3339 in UTC, as `aws sso login` writes expiresAt.
std::string rfc3339(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// A token cache file as `aws sso login` writes it (with an sso-session, the registration too).
std::string sso_token_cache(const std::string& start_url, std::chrono::system_clock::time_point expires_at) {
  const auto later = std::chrono::system_clock::now() + std::chrono::hours(24 * 90);
  return R"({"startUrl": ")" + start_url +
         R"(", "region": "ap-northeast-2", "accessToken": "rdssim-sso-access-token", )" + R"("expiresAt": ")" +
         rfc3339(expires_at) + R"(", "clientId": "rdssim-client-id", )" +
         R"("clientSecret": "rdssim-client-secret", "registrationExpiresAt": ")" + rfc3339(later) +
         R"(", "refreshToken": "rdssim-refresh-token"})";
}

constexpr std::string_view kStartUrl = "https://rdssim.awsapps.com/start";
// The cache file names `aws sso login` uses: SHA-1 of the sso-session's name, or of the start URL for a legacy
// profile (printf %s corp | sha1sum).
constexpr std::string_view kSessionCacheFile = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
constexpr std::string_view kStartUrlCacheFile = ".aws/sso/cache/b0a34ceef761d0a0cc000d4c6e73379c8c1619ea.json";

class AwsCredentialSources : public AwsSimTest {
 protected:
  config::Settings settings() const { return sim_settings(sim_->base_url()); }
  common::Environment environment(const common::Environment& more = {}) const {
    return merged(home_.environment(), more);
  }

  // What the exporter needs of its credentials: STS says who they are, and they may list the fleet.
  static void expect_signs_as(aws::AwsSession& session, std::string_view arn) {
    const auto identity = session.sts().get_caller_identity(session.credentials());
    ASSERT_TRUE(identity) << identity.error().describe() << "\nrds_sim: " << sim_->log();
    EXPECT_EQ(identity->arn, arn);
    EXPECT_EQ(identity->account, kAccount);
    const auto instances = session.rds().describe_db_instances();
    ASSERT_TRUE(instances) << instances.error().describe();
    EXPECT_EQ(instances->size(), kFleetInstances);
  }

  TempHome home_;
};

TEST_F(AwsCredentialSources, EnvironmentKeys) {
  const auto session = create_session(settings(), environment(kExporterEnvironmentKeys));
  expect_signs_as(*session, kExporterUserArn);
}

TEST_F(AwsCredentialSources, EnvironmentKeysWithSessionToken) {
  const auto session =
      create_session(settings(), environment({{"AWS_ACCESS_KEY_ID", "ASIARDSSIMEXPORTER01"},
                                              {"AWS_SECRET_ACCESS_KEY", "rdssimExporterSessionSecretKey000000001"},
                                              {"AWS_SESSION_TOKEN", "rdssim-session-token-valid"}}));
  expect_signs_as(*session, "arn:aws:sts::123456789012:assumed-role/rds-exporter/rds-exporter-sts");
}

TEST_F(AwsCredentialSources, WebIdentityFromEnvironment) {
  const auto token_file = home_.write("token/web-identity", "rdssim-web-identity-token\n");
  const auto session = create_session(settings(), environment({{"AWS_WEB_IDENTITY_TOKEN_FILE", token_file.string()},
                                                               {"AWS_ROLE_ARN", std::string(kRoleArn)},
                                                               {"AWS_ROLE_SESSION_NAME", "web-session"}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "web-session"));
  // No other credentials exist here: the call could only have been sent unsigned.
  EXPECT_EQ(sim_->request_count("sts", "AssumeRoleWithWebIdentity", "200"), 1);
}

TEST_F(AwsCredentialSources, ProfileWithStaticKeysChosenByAwsProfile) {
  home_.write(".aws/credentials", "[exporter]\n" + std::string(kExporterKeys));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "exporter"}}));
  expect_signs_as(*session, kExporterUserArn);
}

TEST_F(AwsCredentialSources, ProfileWithStaticKeysChosenByConfigurationWinsOverEnvironmentKeys) {
  home_.write(".aws/credentials", "[exporter]\n" + std::string(kExporterKeys));
  config::Settings configured = settings();
  configured.aws.credentials_profile = "exporter";
  const auto session =
      create_session(configured, environment({{"AWS_ACCESS_KEY_ID", "AKIARDSSIMNORIGHTS01"},
                                              {"AWS_SECRET_ACCESS_KEY", "rdssimNoRightsSecretKey0000000000000001"}}));
  expect_signs_as(*session, kExporterUserArn);
}

TEST_F(AwsCredentialSources, ProfileRoleWithSourceProfile) {
  home_.write(".aws/config", "[profile exporter]\nrole_arn = " + std::string(kRoleArn) +
                                 "\nsource_profile = assumer\nrole_session_name = profile-session\n");
  home_.write(".aws/credentials", "[assumer]\n" + std::string(kAssumerKeys));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "exporter"}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "profile-session"));
}

TEST_F(AwsCredentialSources, ProfileRoleWithExternalId) {
  home_.write(".aws/config", "[profile exporter]\nrole_arn = " + std::string(kExternalRoleArn) +
                                 "\nsource_profile = assumer\nexternal_id = rdssim-external-id\n"
                                 "role_session_name = external-session\n");
  home_.write(".aws/credentials", "[assumer]\n" + std::string(kAssumerKeys));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "exporter"}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-external-role", "external-session"));
}

TEST_F(AwsCredentialSources, ProfileRoleWithoutTheRequiredExternalIdIsDeniedByName) {
  home_.write(".aws/config",
              "[profile exporter]\nrole_arn = " + std::string(kExternalRoleArn) + "\nsource_profile = assumer\n");
  home_.write(".aws/credentials", "[assumer]\n" + std::string(kAssumerKeys));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "exporter"}}));
  const auto instances = session->rds().describe_db_instances();
  ASSERT_FALSE(instances);
  EXPECT_THAT(instances.error().describe(),
              AllOf(HasSubstr("rds-exporter-external-role"), HasSubstr("AccessDenied"), HasSubstr("exporter")));
  EXPECT_EQ(sim_->request_count("rds", "DescribeDBInstances", "200"), 0);
}

TEST_F(AwsCredentialSources, ProfileRoleWithEnvironmentAsCredentialSource) {
  home_.write(".aws/config", "[profile exporter]\nrole_arn = " + std::string(kRoleArn) +
                                 "\ncredential_source = Environment\nrole_session_name = from-environment\n");
  config::Settings configured = settings();
  configured.aws.credentials_profile = "exporter";
  const auto session = create_session(configured, environment(kAssumerEnvironmentKeys));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "from-environment"));
}

TEST_F(AwsCredentialSources, ChainedRoleAssumptionThroughSourceProfiles) {
  home_.write(".aws/config", "[profile a]\nrole_arn = " + std::string(kRoleArn) +
                                 "\nsource_profile = b\nrole_session_name = chained\n"
                                 "[profile b]\nrole_arn = " +
                                 std::string(kJumpRoleArn) + "\nrole_session_name = jump\nsource_profile = c\n");
  home_.write(".aws/credentials", "[c]\n" + std::string(kAssumerKeys));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "a"}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "chained"));
  EXPECT_EQ(sim_->request_count("sts", "AssumeRole", "200"), 2);
}

TEST_F(AwsCredentialSources, SsoWithSsoSession) {
  home_.write(".aws/config",
              "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n"
              "sso_role_name = rds-exporter-role\n"
              "[sso-session corp]\nsso_start_url = " +
                  std::string(kStartUrl) +
                  "\nsso_region = ap-northeast-2\nsso_registration_scopes = sso:account:access\n");
  home_.write(std::string(kSessionCacheFile),
              sso_token_cache(std::string(kStartUrl), std::chrono::system_clock::now() + std::chrono::hours(8)));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "sso"}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "rdssim-sso-user"));
  EXPECT_EQ(sim_->request_count("sso", "GetRoleCredentials", "200"), 1) << sim_->stats().dump();
}

TEST_F(AwsCredentialSources, SsoLegacyProfile) {
  home_.write(".aws/config", "[profile sso]\nsso_start_url = " + std::string(kStartUrl) +
                                 "\nsso_region = ap-northeast-2\nsso_account_id = 123456789012\n"
                                 "sso_role_name = rds-exporter-role\n");
  home_.write(std::string(kStartUrlCacheFile),
              sso_token_cache(std::string(kStartUrl), std::chrono::system_clock::now() + std::chrono::hours(8)));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "sso"}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "rdssim-sso-user"));
}

TEST_F(AwsCredentialSources, ExpiredSsoTokenAsksForSsoLogin) {
  home_.write(".aws/config",
              "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n"
              "sso_role_name = rds-exporter-role\n"
              "[sso-session corp]\nsso_start_url = " +
                  std::string(kStartUrl) + "\nsso_region = ap-northeast-2\n");
  home_.write(std::string(kSessionCacheFile),
              sso_token_cache(std::string(kStartUrl), std::chrono::system_clock::now() - std::chrono::hours(1)));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "sso"}}));
  const auto identity = session->sts().get_caller_identity(session->credentials());
  ASSERT_FALSE(identity);
  EXPECT_THAT(identity.error().describe(), AllOf(HasSubstr("expired"), HasSubstr("aws sso login --sso-session corp")));
  EXPECT_THAT(identity.error().describe(), ::testing::Not(HasSubstr("rdssim-sso-access-token")));
  EXPECT_EQ(sim_->stats().value("total", -1), 0) << "nothing may be sent with an expired token";
}

TEST_F(AwsCredentialSources, CredentialProcess) {
  const auto program =
      home_.write_executable("bin/credentials.sh",
                             "#!/bin/sh\nprintf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIARDSSIMEXPORTER01\", "
                             "\"SecretAccessKey\": \"rdssimExporterSecretKey0000000000000001\"}'\n");
  home_.write(".aws/config", "[profile process]\ncredential_process = " + program.string() + "\n");
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "process"}}));
  expect_signs_as(*session, kExporterUserArn);
}

TEST_F(AwsCredentialSources, ContainerCredentialsWithAuthorizationTokenFile) {
  const auto token_file = home_.write("token/container", "rdssim-container-authorization-token\n");
  const auto session = create_session(
      settings(), environment({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", sim_->base_url() + "/v1/credentials"},
                               {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "rds-sim-pod"));
}

TEST_F(AwsCredentialSources, InstanceMetadataGivesCredentialsAndRegion) {
  common::Environment imds_environment{{"HOME", home_.path().string()},
                                       {"AWS_EC2_METADATA_SERVICE_ENDPOINT", sim_->base_url() + "/"}};
  config::Settings without_region = settings();
  without_region.aws.region.reset();
  const auto session = create_session(without_region, imds_environment);
  EXPECT_EQ(session->region().region, "ap-northeast-2");
  EXPECT_EQ(session->region().source, "EC2 instance metadata");
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "i-0123456789abcdef0"));
  EXPECT_GE(sim_->request_count("imds", "PutToken", "200"), 1) << "IMDSv2 starts with a session token";
}

TEST_F(AwsCredentialSources, ConfiguredRoleOnTopOfEnvironmentKeys) {
  config::Settings configured = settings();
  configured.aws.assume_role_arn = std::string(kExternalRoleArn);
  configured.aws.assume_role_external_id = "rdssim-external-id";
  const auto session = create_session(configured, environment(kAssumerEnvironmentKeys));
  expect_signs_as(*session, role_session_arn("rds-exporter-external-role", "rds-exporter"));
}

TEST_F(AwsCredentialSources, NothingConfiguredNamesEverySourceItTried) {
  const auto session = create_session(settings(), environment());
  const auto identity = session->sts().get_caller_identity(session->credentials());
  ASSERT_FALSE(identity);
  EXPECT_THAT(identity.error().describe(),
              AllOf(HasSubstr("no AWS credentials found"), HasSubstr("environment"), HasSubstr("web identity"),
                    HasSubstr("profile \"default\""), HasSubstr("container"), HasSubstr("instance metadata")));
  const auto instances = session->rds().describe_db_instances();
  ASSERT_FALSE(instances);
  EXPECT_EQ(sim_->stats().value("total", -1), 0) << "nothing may be sent without credentials";
}

TEST_F(AwsCredentialSources, ExpiredRoleCredentialsAreReplacedOnTheNextCall) {
  home_.write(".aws/config", "[profile exporter]\nrole_arn = " + std::string(kRoleArn) +
                                 "\nsource_profile = assumer\nrole_session_name = refreshed\n");
  home_.write(".aws/credentials", "[assumer]\n" + std::string(kAssumerKeys));
  const auto session = create_session(settings(), environment({{"AWS_PROFILE", "exporter"}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "refreshed"));

  EXPECT_GE(sim_->expire_all_credentials(), 1);
  const auto instances = session->rds().describe_db_instances();
  ASSERT_TRUE(instances) << instances.error().describe();
  EXPECT_EQ(instances->size(), kFleetInstances);

  EXPECT_EQ(sim_->request_count("rds", "DescribeDBInstances", "ExpiredToken"), 1);
  EXPECT_EQ(sim_->request_count("rds", "DescribeDBInstances", "200"), 2);
  EXPECT_EQ(sim_->request_count("sts", "AssumeRole", "200"), 2);
  EXPECT_EQ(session->metrics().credential_refreshes().value({"", "ap-northeast-2", "profile", "success"}), 2);
}

TEST_F(AwsCredentialSources, ExpiredWebIdentityCredentialsAreReplacedOnTheNextCall) {
  const auto token_file = home_.write("token/web-identity", "rdssim-web-identity-token\n");
  const auto session = create_session(settings(), environment({{"AWS_WEB_IDENTITY_TOKEN_FILE", token_file.string()},
                                                               {"AWS_ROLE_ARN", std::string(kRoleArn)},
                                                               {"AWS_ROLE_SESSION_NAME", "web-session"}}));
  expect_signs_as(*session, role_session_arn("rds-exporter-role", "web-session"));

  EXPECT_GE(sim_->expire_all_credentials(), 1);
  const auto instances = session->rds().describe_db_instances();
  ASSERT_TRUE(instances) << instances.error().describe();

  EXPECT_EQ(sim_->request_count("rds", "DescribeDBInstances", "ExpiredToken"), 1);
  EXPECT_EQ(sim_->request_count("sts", "AssumeRoleWithWebIdentity", "200"), 2);
  EXPECT_EQ(session->metrics().credential_refreshes().value({"", "ap-northeast-2", "web_identity", "success"}), 2);
}

}  // namespace
}  // namespace rds_exporter::testing
