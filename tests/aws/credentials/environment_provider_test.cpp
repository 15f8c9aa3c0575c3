#include "aws/credentials/environment_provider.h"

#include "common/time_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using Kind = CredentialsProblem::Kind;

TEST(EnvironmentProviderTest, ReadsKeysTokenAndExpiration) {
  EnvironmentProvider provider({{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                {"AWS_SECRET_ACCESS_KEY", "secret"},
                                {"AWS_SESSION_TOKEN", "token"},
                                {"AWS_CREDENTIAL_EXPIRATION", "2030-05-01T20:00:00Z"}});
  const auto credentials = provider.credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(credentials->secret_access_key, "secret");
  EXPECT_EQ(credentials->session_token, "token");
  EXPECT_EQ(credentials->expiration, common::parse_iso8601("2030-05-01T20:00:00Z"));
  EXPECT_EQ(provider.name(), "environment");
}

TEST(EnvironmentProviderTest, LongTermKeysHaveNoTokenAndNoExpiration) {
  EnvironmentProvider provider({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "secret"}});
  const auto credentials = provider.credentials();
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_FALSE(credentials->expiration);
}

TEST(EnvironmentProviderTest, AcceptsTheLegacySecurityToken) {
  EnvironmentProvider provider(
      {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "secret"}, {"AWS_SECURITY_TOKEN", "legacy"}});
  EXPECT_EQ(provider.credentials()->session_token, "legacy");
}

TEST(EnvironmentProviderTest, NoKeysIsAbsent) {
  EnvironmentProvider provider(common::Environment{{"AWS_ACCESS_KEY_ID", ""}});
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::absent);
  EXPECT_EQ(credentials.error().message, "AWS_ACCESS_KEY_ID not set");
}

TEST(EnvironmentProviderTest, OneKeyWithoutTheOtherFailsNamingTheMissingOne) {
  const auto only_id = EnvironmentProvider(common::Environment{{"AWS_ACCESS_KEY_ID", "AKID"}}).credentials();
  ASSERT_FALSE(only_id);
  EXPECT_EQ(only_id.error().kind, Kind::failed);
  EXPECT_EQ(only_id.error().message, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  const auto only_secret = EnvironmentProvider(common::Environment{{"AWS_SECRET_ACCESS_KEY", "secret"}}).credentials();
  ASSERT_FALSE(only_secret);
  EXPECT_EQ(only_secret.error().kind, Kind::failed);
  EXPECT_EQ(only_secret.error().message, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
}

TEST(EnvironmentProviderTest, AnUnreadableExpirationFails) {
  EnvironmentProvider provider(
      {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "secret"}, {"AWS_CREDENTIAL_EXPIRATION", "tomorrow"}});
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_THAT(credentials.error().message, ::testing::HasSubstr("AWS_CREDENTIAL_EXPIRATION"));
}

}  // namespace
}  // namespace rds_exporter::aws
