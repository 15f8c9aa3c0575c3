#include "aws/credentials/web_identity_provider.h"

#include "fake_role_services.h"
#include "temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::FakeRoleAssumer;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempHome;
using Kind = CredentialsProblem::Kind;

const auto kFixedClock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1714593600)); };

TEST(WebIdentitySettingsTest, ComeFromTheEnvironment) {
  const auto settings = web_identity_settings_from_environment({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"},
                                                                {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"},
                                                                {"AWS_ROLE_SESSION_NAME", "pod-a"}});
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings->token_file, "/var/run/token");
  EXPECT_EQ(settings->role_arn, "arn:aws:iam::1:role/r");
  EXPECT_EQ(settings->session_name, "pod-a");
}

TEST(WebIdentitySettingsTest, NoTokenFileIsAbsentAndNoRoleFails) {
  const auto none = web_identity_settings_from_environment({{"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, Kind::absent);
  EXPECT_EQ(none.error().message, "AWS_WEB_IDENTITY_TOKEN_FILE not set");
  const auto no_role = web_identity_settings_from_environment({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"}});
  ASSERT_FALSE(no_role);
  EXPECT_EQ(no_role.error().kind, Kind::failed);
  EXPECT_EQ(no_role.error().message, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
}

TEST(WebIdentityProviderTest, AssumesTheRoleWithTheFilesToken) {
  const TempHome home;
  const std::string token_file = home.write("token", "eyJ-web-identity-token\n");
  FakeRoleAssumer assumer;
  WebIdentityProvider provider({token_file, "arn:aws:iam::1:role/irsa", std::nullopt, 900}, assumer, kFixedClock);
  const auto credentials = provider.credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAIRSA");
  ASSERT_EQ(assumer.web_identity_calls().size(), 1u);
  const WebIdentityParameters call = assumer.web_identity_calls()[0];
  EXPECT_EQ(call.role_arn, "arn:aws:iam::1:role/irsa");
  EXPECT_EQ(call.web_identity_token, "eyJ-web-identity-token");
  EXPECT_EQ(call.session_name, "rds-exporter-1714593600");
  EXPECT_EQ(call.duration_seconds, 900);
  EXPECT_EQ(provider.name(), "web_identity");
}

TEST(WebIdentityProviderTest, ReadsTheTokenFileAgainAtEveryFetch) {
  const TempHome home;
  const std::string token_file = home.write("token", "first-token");
  FakeRoleAssumer assumer;
  WebIdentityProvider provider({token_file, "arn:aws:iam::1:role/r", "named", std::nullopt}, assumer);
  ASSERT_TRUE(provider.credentials());
  home.write("token", "rotated-token");
  ASSERT_TRUE(provider.credentials());
  const auto calls = assumer.web_identity_calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].web_identity_token, "first-token");
  EXPECT_EQ(calls[1].web_identity_token, "rotated-token");
  EXPECT_EQ(calls[1].session_name, "named");
}

TEST(WebIdentityProviderTest, AnUnreadableTokenFileFailsNamingThePath) {
  FakeRoleAssumer assumer;
  WebIdentityProvider provider({"/nonexistent/token", "arn:aws:iam::1:role/r", std::nullopt, std::nullopt}, assumer);
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_EQ(credentials.error().message,
            "web identity token: cannot read /nonexistent/token: No such file or directory");
  EXPECT_TRUE(assumer.web_identity_calls().empty());
}

TEST(WebIdentityProviderTest, AnEmptyTokenFileFails) {
  const TempHome home;
  const std::string token_file = home.write("token", "\n");
  FakeRoleAssumer assumer;
  WebIdentityProvider provider({token_file, "arn:aws:iam::1:role/r", std::nullopt, std::nullopt}, assumer);
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message, "web identity token file " + token_file + " is empty");
}

TEST(WebIdentityProviderTest, AnStsErrorFailsWithoutTheToken) {
  const TempHome home;
  const std::string token_file = home.write("token", "secret-jwt");
  FakeRoleAssumer assumer;
  assumer.fail_with(testing::service_error("InvalidIdentityToken", "Couldn't retrieve verification key", 400));
  WebIdentityProvider provider({token_file, "arn:aws:iam::1:role/r", std::nullopt, std::nullopt}, assumer);
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_THAT(credentials.error().message,
              HasSubstr("AssumeRoleWithWebIdentity for arn:aws:iam::1:role/r failed: InvalidIdentityToken"));
  EXPECT_THAT(credentials.error().message, Not(HasSubstr("secret-jwt")));
}

}  // namespace
}  // namespace rds_exporter::aws
