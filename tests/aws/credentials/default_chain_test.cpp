#include "aws/credentials/default_chain.h"

#include "fake_role_services.h"
#include "fake_transport.h"
#include "temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <mutex>

namespace rds_exporter::aws {
namespace {

using ::testing::ElementsAre;
using testing::FakeRoleAssumer;
using testing::FakeSsoPortal;
using testing::FakeTransport;
using testing::TempHome;

class DefaultChainTest : public ::testing::Test {
 protected:
  std::shared_ptr<CredentialsProvider> chain(common::Environment extra = {}, std::optional<std::string> profile = {},
                                             std::optional<std::string> assume_role_arn = {}) {
    common::Environment environment = home_.environment();
    environment.insert(extra.begin(), extra.end());
    return make_default_credentials_chain(DefaultChainOptions{
        .environment = environment,
        .profile = std::move(profile),
        .assume_role_arn = std::move(assume_role_arn),
        .assume_role_external_id = "ext-7",
        .assume_role_session_name = std::nullopt,
        .transport = transport_,
        .role_assumer = assumer_,
        .sso_portal = portal_,
        .refresh_observer =
            [this](std::string_view provider, bool success) {
              const std::lock_guard lock(mutex_);
              refreshes_.push_back(std::string(provider) + (success ? ":success" : ":failure"));
            },
    });
  }
  std::vector<std::string> refreshes() {
    const std::lock_guard lock(mutex_);
    return refreshes_;
  }
  void script_imds() {
    transport_.answer("PUT", "http://169.254.169.254/latest/api/token", 200, "t");
    transport_.answer("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200, "role");
    transport_.answer("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/role", 200,
                      R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s","Token":"t",)"
                      R"("Expiration":"2099-01-01T00:00:00Z"})");
  }

  TempHome home_;
  FakeTransport transport_;
  FakeRoleAssumer assumer_;
  FakeSsoPortal portal_;
  std::mutex mutex_;
  std::vector<std::string> refreshes_;
};

const common::Environment kEnvironmentKeys{{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}};

TEST_F(DefaultChainTest, WithNothingConfiguredTheErrorListsEverySource) {
  const auto credentials = chain()->credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message,
            fmt::format("no AWS credentials found: environment: AWS_ACCESS_KEY_ID not set; web identity: "
                        "AWS_WEB_IDENTITY_TOKEN_FILE not set; profile \"default\": not found in {0}/.aws/config or "
                        "{0}/.aws/credentials; container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                        "AWS_CONTAINER_CREDENTIALS_FULL_URI not set; instance metadata: no answer from "
                        "http://169.254.169.254 (connect_failed)",
                        home_.path()));
  EXPECT_THAT(refreshes(), ElementsAre("chain:failure"));
}

TEST_F(DefaultChainTest, EnvironmentKeysComeFirst) {
  home_.write(".aws/credentials", "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n");
  EXPECT_EQ(chain(kEnvironmentKeys)->credentials()->access_key_id, "AKIDENV");
  EXPECT_THAT(refreshes(), ElementsAre("environment:success"));
}

TEST_F(DefaultChainTest, WebIdentityFromTheEnvironmentComesBeforeTheProfile) {
  home_.write(".aws/credentials", "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n");
  const std::string token_file = home_.write("token", "jwt");
  const auto credentials =
      chain({{"AWS_WEB_IDENTITY_TOKEN_FILE", token_file}, {"AWS_ROLE_ARN", "arn:aws:iam::1:role/irsa"}})->credentials();
  EXPECT_EQ(credentials->access_key_id, "ASIAIRSA");
}

TEST_F(DefaultChainTest, AProfileNamedInTheExportersConfigIgnoresTheEnvironmentsKeys) {
  home_.write(".aws/credentials", "[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = s\n");
  EXPECT_EQ(chain(kEnvironmentKeys, "team")->credentials()->access_key_id, "AKIDTEAM");
  EXPECT_THAT(refreshes(), ElementsAre("profile:success"));
}

TEST_F(DefaultChainTest, AProfileNamedInTheExportersConfigMustExist) {
  const auto credentials = chain(kEnvironmentKeys, "typo")->credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, CredentialsProblem::Kind::failed);
  EXPECT_EQ(credentials.error().message, fmt::format("profile \"typo\": not found in {0}/.aws/config or "
                                                     "{0}/.aws/credentials",
                                                     home_.path()));
}

TEST_F(DefaultChainTest, AwsProfileSelectsTheProfileButKeepsEnvironmentKeysFirst) {
  home_.write(".aws/credentials", "[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = s\n");
  EXPECT_EQ(chain({{"AWS_PROFILE", "team"}})->credentials()->access_key_id, "AKIDTEAM");
  common::Environment both = kEnvironmentKeys;
  both["AWS_PROFILE"] = "team";
  EXPECT_EQ(chain(both)->credentials()->access_key_id, "AKIDENV");
}

TEST_F(DefaultChainTest, ContainerThenInstanceMetadata) {
  transport_.answer("GET", "http://169.254.170.2/v2/c", 200,
                    R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"s","Token":"t"})");
  script_imds();
  EXPECT_EQ(chain({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/c"}})->credentials()->access_key_id, "ASIAECS");
  EXPECT_EQ(chain()->credentials()->access_key_id, "ASIAIMDS");
}

TEST_F(DefaultChainTest, CachesAndRefetchesAfterInvalidate) {
  script_imds();
  const auto provider = chain();
  ASSERT_TRUE(provider->credentials());
  const std::size_t requests = transport_.requests().size();
  ASSERT_TRUE(provider->credentials());
  EXPECT_EQ(transport_.requests().size(), requests);
  provider->invalidate();
  ASSERT_TRUE(provider->credentials());
  EXPECT_EQ(transport_.requests().size(), 2 * requests);
  EXPECT_THAT(refreshes(), ElementsAre("imds:success", "imds:success"));
}

TEST_F(DefaultChainTest, TheExportersRoleIsAssumedOnTopOfWhateverTheChainFound) {
  const auto provider = chain(kEnvironmentKeys, std::nullopt, "arn:aws:iam::222222222222:role/cross");
  const auto credentials = provider->credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIACROSS");
  const auto calls = assumer_.assume_role_calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].source_access_key_id, "AKIDENV");
  EXPECT_EQ(calls[0].parameters.external_id, "ext-7");
  EXPECT_THAT(calls[0].parameters.session_name, ::testing::StartsWith("rds-exporter-"));
  EXPECT_THAT(refreshes(), ElementsAre("environment:success", "assume_role:success"));
}

TEST_F(DefaultChainTest, TheExportersRoleWithoutSourceCredentialsFails) {
  const auto credentials = chain({}, std::nullopt, "arn:aws:iam::2:role/cross")->credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, CredentialsProblem::Kind::failed);
  EXPECT_THAT(credentials.error().message,
              ::testing::StartsWith("no source credentials to assume arn:aws:iam::2:role/cross from the default "
                                    "credential chain: no AWS credentials found: environment:"));
}

}  // namespace
}  // namespace rds_exporter::aws
