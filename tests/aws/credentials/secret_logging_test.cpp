// Runs every provider through success and failure with logging at trace level, and checks that no secret
// reaches the log or an error message.
#include "aws/credentials/caching_provider.h"
#include "aws/credentials/container_provider.h"
#include "aws/credentials/default_chain.h"
#include "aws/credentials/environment_provider.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/process_provider.h"
#include "aws/credentials/sso_provider.h"
#include "aws/credentials/web_identity_provider.h"
#include "fake_role_services.h"
#include "fake_transport.h"
#include "logging/log_setup.h"
#include "scripted_provider.h"
#include "temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <sstream>

namespace rds_exporter::aws {
namespace {

using testing::FakeRoleAssumer;
using testing::FakeSsoPortal;
using testing::FakeTransport;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempHome;

constexpr const char* kEnvironmentAccessKey = "AKIAENVIRONMENT7XQZ";
const std::vector<std::string> kSecrets{
    "env-secret-access-key", "env-session-token",       "web-identity-jwt",   "sso-access-token-aoa",
    "container-auth-token",  "container-file-token",    "container-secret",   "container-session-token",
    "imds-secret",           "imds-session-token",      "imds-v2-token",      "process-secret-key",
    "process-session-token", "process-stdout-on-error", "assumed-secret-",    "assumed-session-token-",
    "sso-role-secret",       "sso-role-session-token",  "profile-secret-key", kEnvironmentAccessKey,
};

class SecretLoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::configure_logging(std::get<logging::LevelSpec>(logging::parse_level_spec("trace")),
                               logging::LogFormat::text, std::make_shared<spdlog::sinks::ostream_sink_mt>(log_));
  }
  // Away from log_, which dies with the test; spdlog::drop_all() would leave later tests without a logger.
  void TearDown() override {
    logging::configure_logging(logging::LevelSpec{}, logging::LogFormat::text,
                               std::make_shared<spdlog::sinks::null_sink_mt>());
  }

  // Runs the provider twice (fetch and cached), keeping its messages for the final check.
  void exercise(const std::shared_ptr<CredentialsProvider>& provider) {
    CachingProvider cached(provider);
    for (int i = 0; i < 2; ++i) {
      const auto result = cached.credentials();
      if (!result) messages_ += result.error().message + "\n";
    }
  }

  void expect_no_secrets() {
    for (const auto& component : logging::component_names()) logging::logger(component)->flush();
    const std::string log = log_.str();
    for (const auto& secret : kSecrets) {
      EXPECT_THAT(log, Not(HasSubstr(secret))) << "in the log";
      EXPECT_THAT(messages_, Not(HasSubstr(secret))) << "in an error message";
    }
  }

  std::ostringstream log_;
  std::string messages_;
  TempHome home_;
  FakeTransport transport_;
  FakeRoleAssumer assumer_;
  FakeSsoPortal portal_;
};

TEST_F(SecretLoggingTest, NoProviderLogsOrReportsASecret) {
  const common::Environment environment_keys{{"AWS_ACCESS_KEY_ID", kEnvironmentAccessKey},
                                             {"AWS_SECRET_ACCESS_KEY", "env-secret-access-key"},
                                             {"AWS_SESSION_TOKEN", "env-session-token"}};
  exercise(std::make_shared<EnvironmentProvider>(environment_keys));
  exercise(
      std::make_shared<EnvironmentProvider>(common::Environment{{"AWS_SECRET_ACCESS_KEY", "env-secret-access-key"}}));

  const std::string token_file = home_.write("web-token", "web-identity-jwt");
  exercise(std::make_shared<WebIdentityProvider>(WebIdentitySettings{token_file, "arn:aws:iam::1:role/w", {}, {}},
                                                 assumer_));

  home_.write(".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json",
              R"({"accessToken":"sso-access-token-aoa","expiresAt":"2099-01-01T00:00:00Z"})");
  const SsoSettings sso{"dev", "my-sso", "https://x/start", "us-east-1", "1", "ReadOnly"};
  exercise(std::make_shared<SsoProvider>(sso, home_.environment(), portal_));

  const std::string container_token_file = home_.write("container-token", "container-file-token");
  transport_.answer("GET", "http://127.0.0.1:9911/creds", 200,
                    R"({"AccessKeyId":"ASIACONTAINER1","SecretAccessKey":"container-secret",)"
                    R"("Token":"container-session-token","Expiration":"2099-01-01T00:00:00Z"})");
  exercise(std::make_shared<ContainerProvider>(
      transport_, common::Environment{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9911/creds"},
                                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token"},
                                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", container_token_file}}));
  transport_.answer("GET", "http://127.0.0.1:9912/creds", 401, "container-auth-token rejected");
  exercise(std::make_shared<ContainerProvider>(
      transport_, common::Environment{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9912/creds"},
                                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token"}}));

  transport_.answer("PUT", "http://169.254.169.254/latest/api/token", 200, "imds-v2-token");
  transport_.answer("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200, "role");
  transport_.answer("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/role", 200,
                    R"({"Code":"Success","AccessKeyId":"ASIAIMDS1","SecretAccessKey":"imds-secret",)"
                    R"("Token":"imds-session-token","Expiration":"2099-01-01T00:00:00Z"})");
  exercise(std::make_shared<ImdsProvider>(transport_, common::Environment{}));

  const std::string good_script = home_.script(
      "good.sh", R"(printf '{"Version": 1, "AccessKeyId": "AKIAPROCESS1", "SecretAccessKey": "process-secret-key", )"
                 R"("SessionToken": "process-session-token"}')");
  exercise(std::make_shared<ProcessProvider>(good_script, home_.environment()));
  const std::string bad_script = home_.script("bad.sh", "echo process-stdout-on-error\nexit 2\n");
  exercise(std::make_shared<ProcessProvider>(bad_script, home_.environment()));
  const std::string garbled_script = home_.script("garbled.sh", "echo '{\"process-stdout-on-error'\n");
  exercise(std::make_shared<ProcessProvider>(garbled_script, home_.environment()));

  home_.write(".aws/credentials",
              "[keys]\naws_access_key_id = AKIAPROFILE1\naws_secret_access_key = profile-secret-key\n");
  home_.write(".aws/config", "[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = keys\n");
  common::Environment chain_environment = home_.environment();
  chain_environment.insert(environment_keys.begin(), environment_keys.end());
  for (const auto& profile : {std::optional<std::string>("role"), std::optional<std::string>()}) {
    const auto chain = make_default_credentials_chain(DefaultChainOptions{.environment = chain_environment,
                                                                          .profile = profile,
                                                                          .assume_role_arn = "arn:aws:iam::2:role/x",
                                                                          .transport = transport_,
                                                                          .role_assumer = assumer_,
                                                                          .sso_portal = portal_});
    ASSERT_TRUE(chain->credentials());
    chain->invalidate();
    ASSERT_TRUE(chain->credentials());
  }

  assumer_.fail_with(testing::service_error("AccessDenied", "denied", 403));
  portal_.fail_with(testing::service_error("UnauthorizedException", "Session token not found or invalid", 401));
  exercise(std::make_shared<WebIdentityProvider>(WebIdentitySettings{token_file, "arn:aws:iam::1:role/w", {}, {}},
                                                 assumer_));
  exercise(std::make_shared<SsoProvider>(sso, home_.environment(), portal_));

  expect_no_secrets();
  const std::string log = log_.str();
  EXPECT_THAT(log, HasSubstr("access key ****7XQZ"));
  EXPECT_THAT(log, HasSubstr("using AWS credentials from environment (access key ****7XQZ)"));
}

TEST_F(SecretLoggingTest, AFailedRefreshWarningDoesNotQuoteTheOldCredentials) {
  auto now = std::chrono::system_clock::now();
  auto source = std::make_shared<testing::ScriptedProvider>(
      "profile",
      Credentials{kEnvironmentAccessKey, "profile-secret-key", "env-session-token", now + std::chrono::hours(1)});
  CachingOptions options;
  options.clock = [&] { return now; };
  CachingProvider provider(source, options);
  ASSERT_TRUE(provider.credentials());
  source->set_result(testing::failed("broken"));
  now += std::chrono::minutes(58);
  ASSERT_TRUE(provider.credentials());
  expect_no_secrets();
  EXPECT_THAT(log_.str(), HasSubstr("refreshing credentials from profile failed, still using the current ones"));
}

}  // namespace
}  // namespace rds_exporter::aws
