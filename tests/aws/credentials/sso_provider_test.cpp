#include "aws/credentials/sso_provider.h"

#include "aws/credentials/sso_token_cache.h"
#include "fake_role_services.h"
#include "temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

namespace rds_exporter::aws {
namespace {

using testing::FakeSsoPortal;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempHome;
using Kind = CredentialsProblem::Kind;

// 2024-05-01T12:00:00Z
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1714564800));
const auto kSsoClock = [] { return kNow; };

constexpr std::string_view kSessionCacheFile = ".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json";
constexpr std::string_view kStartUrlCacheFile = ".aws/sso/cache/acff06c7037450e5a3fddcacb0a34e921da42d68.json";

SsoSettings session_settings() {
  return SsoSettings{"sso-dev", "my-sso", "https://my-org.awsapps.com/start", "us-east-1", "123456789012", "ReadOnly"};
}

SsoSettings legacy_settings() {
  auto settings = session_settings();
  settings.session_name.reset();
  return settings;
}

std::string token_json(std::string_view expires_at) {
  return fmt::format(R"({{"startUrl":"https://my-org.awsapps.com/start","region":"us-east-1",)"
                     R"("accessToken":"aoa-secret-sso-token","expiresAt":"{}","refreshToken":"aor-refresh"}})",
                     expires_at);
}

TEST(SsoTokenCacheTest, FileNamesAreTheSha1OfTheSessionNameOrStartUrl) {
  EXPECT_EQ(sha1_hex("my-sso"), "0ad374308c5a4e22f723adf10145eafad7c4031c");
  EXPECT_EQ(sso_token_cache_file("/home/x", "https://my-org.awsapps.com/start"),
            "/home/x/" + std::string(kStartUrlCacheFile));
}

TEST(SsoProviderTest, ExchangesTheCachedTokenForRoleCredentials) {
  const TempHome home;
  home.write(std::string(kSessionCacheFile), token_json("2024-05-01T20:00:00Z"));
  FakeSsoPortal portal;
  SsoProvider provider(session_settings(), home.environment(), portal, kSsoClock);
  const auto credentials = provider.credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIASSOROLE");
  ASSERT_EQ(portal.calls().size(), 1u);
  const SsoRoleRequest call = portal.calls()[0];
  EXPECT_EQ(call.sso_region, "us-east-1");
  EXPECT_EQ(call.access_token, "aoa-secret-sso-token");
  EXPECT_EQ(call.account_id, "123456789012");
  EXPECT_EQ(call.role_name, "ReadOnly");
  EXPECT_EQ(provider.name(), "sso");
}

TEST(SsoProviderTest, TheLegacyFormKeysTheCacheByStartUrl) {
  const TempHome home;
  home.write(std::string(kStartUrlCacheFile), token_json("2024-05-01T20:00:00Z"));
  FakeSsoPortal portal;
  SsoProvider provider(legacy_settings(), home.environment(), portal, kSsoClock);
  EXPECT_TRUE(provider.credentials());
}

TEST(SsoProviderTest, AcceptsFractionalSecondsAndTheOldUtcSuffix) {
  for (const char* expires_at : {"2024-05-01T20:00:00.123Z", "2024-05-01T20:00:00UTC", "2024-05-01T22:00:00+02:00"}) {
    const TempHome home;
    home.write(std::string(kSessionCacheFile), token_json(expires_at));
    FakeSsoPortal portal;
    SsoProvider provider(session_settings(), home.environment(), portal, kSsoClock);
    EXPECT_TRUE(provider.credentials()) << expires_at;
  }
}

TEST(SsoProviderTest, NoCachedTokenSaysWhichLoginToRun) {
  const TempHome home;
  FakeSsoPortal portal;
  const auto with_session = SsoProvider(session_settings(), home.environment(), portal, kSsoClock).credentials();
  ASSERT_FALSE(with_session);
  EXPECT_EQ(with_session.error().kind, Kind::failed);
  EXPECT_EQ(with_session.error().message, fmt::format("no SSO token in {}/{}; run `aws sso login --sso-session my-sso`",
                                                      home.path(), kSessionCacheFile));
  const auto legacy = SsoProvider(legacy_settings(), home.environment(), portal, kSsoClock).credentials();
  ASSERT_FALSE(legacy);
  EXPECT_THAT(legacy.error().message, HasSubstr("run `aws sso login --profile sso-dev`"));
  EXPECT_TRUE(portal.calls().empty());
}

TEST(SsoProviderTest, AnExpiredTokenSaysWhenAndWhichLoginToRun) {
  const TempHome home;
  home.write(std::string(kSessionCacheFile), token_json("2024-05-01T11:59:59Z"));
  FakeSsoPortal portal;
  const auto credentials = SsoProvider(session_settings(), home.environment(), portal, kSsoClock).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(
      credentials.error().message,
      fmt::format("the SSO token in {}/{} expired at 2024-05-01T11:59:59Z; run `aws sso login --sso-session my-sso`",
                  home.path(), kSessionCacheFile));
  EXPECT_TRUE(portal.calls().empty());
}

TEST(SsoProviderTest, AGarbledCacheFileFailsWithoutQuotingIt) {
  const TempHome home;
  home.write(std::string(kSessionCacheFile), R"({"accessToken":"aoa-secret-sso-token"})");
  FakeSsoPortal portal;
  const auto no_expiry = SsoProvider(session_settings(), home.environment(), portal, kSsoClock).credentials();
  ASSERT_FALSE(no_expiry);
  EXPECT_THAT(no_expiry.error().message, HasSubstr("missing member expiresAt"));
  home.write(std::string(kSessionCacheFile), R"({"accessToken":"aoa-secret-sso-token", )");
  const auto not_json = SsoProvider(session_settings(), home.environment(), portal, kSsoClock).credentials();
  ASSERT_FALSE(not_json);
  EXPECT_THAT(not_json.error().message, HasSubstr("its content is not valid JSON"));
  EXPECT_THAT(not_json.error().message, Not(HasSubstr("aoa-secret-sso-token")));
  home.write(std::string(kSessionCacheFile), R"({"accessToken":"aoa-secret-sso-token","expiresAt":1E400})");
  const auto out_of_range = SsoProvider(session_settings(), home.environment(), portal, kSsoClock).credentials();
  ASSERT_FALSE(out_of_range);
  EXPECT_THAT(out_of_range.error().message,
              HasSubstr(std::string(kSessionCacheFile) + ": its content is not valid JSON: a number out of range"));
}

TEST(SsoProviderTest, ARejectedTokenAddsTheLoginHint) {
  const TempHome home;
  home.write(std::string(kSessionCacheFile), token_json("2024-05-01T20:00:00Z"));
  FakeSsoPortal portal;
  portal.fail_with(testing::service_error("UnauthorizedException", "Session token not found or invalid", 401));
  const auto credentials = SsoProvider(session_settings(), home.environment(), portal, kSsoClock).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_THAT(credentials.error().message,
              HasSubstr("GetRoleCredentials for role ReadOnly in account 123456789012 failed: UnauthorizedException"));
  EXPECT_THAT(credentials.error().message, HasSubstr("run `aws sso login --sso-session my-sso`"));
  EXPECT_THAT(credentials.error().message, Not(HasSubstr("aoa-secret-sso-token")));
}

}  // namespace
}  // namespace rds_exporter::aws
