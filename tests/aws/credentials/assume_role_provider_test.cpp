#include "aws/credentials/assume_role_provider.h"

#include "fake_role_services.h"
#include "scripted_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::FakeRoleAssumer;
using ::testing::HasSubstr;
using testing::make_credentials;
using testing::ScriptedProvider;

const auto kAssumeRoleClock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1714593600)); };

AssumeRoleSettings settings() {
  AssumeRoleSettings settings;
  settings.role_arn = "arn:aws:iam::222222222222:role/cross-account";
  settings.external_id = "external-42";
  settings.duration_seconds = 1800;
  settings.source_description = "the default credential chain";
  return settings;
}

TEST(AssumeRoleProviderTest, AssumesTheRoleWithTheSourcesCredentials) {
  FakeRoleAssumer assumer;
  auto source = std::make_shared<ScriptedProvider>("imds", make_credentials("ASIASOURCE"));
  AssumeRoleProvider provider(source, settings(), assumer, kAssumeRoleClock);
  const auto credentials = provider.credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIACROSS-ACCOUNT");
  const auto calls = assumer.assume_role_calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].source_access_key_id, "ASIASOURCE");
  EXPECT_EQ(calls[0].parameters.role_arn, "arn:aws:iam::222222222222:role/cross-account");
  EXPECT_EQ(calls[0].parameters.session_name, "rds-exporter-1714593600");
  EXPECT_EQ(calls[0].parameters.external_id, "external-42");
  EXPECT_EQ(calls[0].parameters.duration_seconds, 1800);
  EXPECT_EQ(provider.name(), "assume_role");
}

TEST(AssumeRoleProviderTest, UsesTheConfiguredSessionName) {
  FakeRoleAssumer assumer;
  auto configured = settings();
  configured.session_name = "exporter-prod";
  AssumeRoleProvider provider(std::make_shared<ScriptedProvider>("imds", make_credentials("A")), configured, assumer);
  ASSERT_TRUE(provider.credentials());
  EXPECT_EQ(assumer.assume_role_calls()[0].parameters.session_name, "exporter-prod");
}

TEST(AssumeRoleProviderTest, ASourceWithoutCredentialsFailsSayingWhy) {
  FakeRoleAssumer assumer;
  auto source = std::make_shared<ScriptedProvider>("chain", testing::absent("no AWS credentials found: ..."));
  const auto credentials = AssumeRoleProvider(source, settings(), assumer).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, CredentialsProblem::Kind::failed);
  EXPECT_EQ(credentials.error().message,
            "no source credentials to assume arn:aws:iam::222222222222:role/cross-account from the default credential "
            "chain: no AWS credentials found: ...");
  EXPECT_TRUE(assumer.assume_role_calls().empty());
}

TEST(AssumeRoleProviderTest, AnStsErrorFailsWithItsCode) {
  FakeRoleAssumer assumer;
  assumer.fail_with(testing::service_error("AccessDenied", "not authorized to perform sts:AssumeRole", 403));
  auto source = std::make_shared<ScriptedProvider>("imds", make_credentials("A"));
  const auto credentials = AssumeRoleProvider(source, settings(), assumer).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_THAT(credentials.error().message,
              HasSubstr("AssumeRole for arn:aws:iam::222222222222:role/cross-account failed: AccessDenied"));
}

TEST(AssumeRoleProviderTest, InvalidatePassesToTheSource) {
  FakeRoleAssumer assumer;
  auto source = std::make_shared<ScriptedProvider>("imds", make_credentials("A"));
  AssumeRoleProvider provider(source, settings(), assumer);
  provider.invalidate();
  EXPECT_EQ(source->invalidations(), 1);
}

}  // namespace
}  // namespace rds_exporter::aws
