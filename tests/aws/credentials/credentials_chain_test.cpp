#include "aws/credentials/credentials_chain.h"

#include "scripted_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::make_credentials;
using testing::ScriptedProvider;
using Kind = CredentialsProblem::Kind;

struct ChainFixture {
  std::shared_ptr<ScriptedProvider> first =
      std::make_shared<ScriptedProvider>("environment", testing::absent("A not set"));
  std::shared_ptr<ScriptedProvider> second =
      std::make_shared<ScriptedProvider>("profile", testing::absent("not found"));
  std::shared_ptr<ScriptedProvider> third = std::make_shared<ScriptedProvider>("imds", make_credentials("IMDS"));
  CredentialsChain chain{{{"environment", first}, {"profile \"default\"", second}, {"instance metadata", third}}};
};

TEST(CredentialsChainTest, SkipsAbsentSourcesAndTakesTheFirstThatWorks) {
  ChainFixture fixture;
  EXPECT_EQ(fixture.chain.name(), "chain");
  const auto credentials = fixture.chain.credentials();
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->access_key_id, "IMDS");
  EXPECT_EQ(fixture.chain.name(), "imds");
}

TEST(CredentialsChainTest, SticksToTheSourceThatWorked) {
  ChainFixture fixture;
  ASSERT_TRUE(fixture.chain.credentials());
  fixture.first->set_result(make_credentials("ENV"));
  EXPECT_EQ(fixture.chain.credentials()->access_key_id, "IMDS");
  EXPECT_EQ(fixture.first->calls(), 1);
  EXPECT_EQ(fixture.third->calls(), 2);
}

TEST(CredentialsChainTest, ALaterProblemOfTheChosenSourceIsReportedAsFailed) {
  ChainFixture fixture;
  ASSERT_TRUE(fixture.chain.credentials());
  fixture.third->set_result(testing::absent("no answer"));
  const auto credentials = fixture.chain.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_EQ(credentials.error().message, "instance metadata: no answer");
}

TEST(CredentialsChainTest, AFailedSourceStopsTheSearch) {
  ChainFixture fixture;
  fixture.second->set_result(testing::failed("credential_process /bin/x exited with status 1"));
  const auto credentials = fixture.chain.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_EQ(credentials.error().message, "profile \"default\": credential_process /bin/x exited with status 1");
  EXPECT_EQ(fixture.third->calls(), 0);
}

TEST(CredentialsChainTest, ACancelledSourceStopsTheSearchAsCancelled) {
  ChainFixture fixture;
  fixture.second->set_result(common::Unexpected{CredentialsProblem{CredentialsProblem::Kind::cancelled, "stopping"}});
  const auto result = fixture.chain.credentials();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CredentialsProblem::Kind::cancelled);
  EXPECT_EQ(fixture.third->calls(), 0);
}

TEST(CredentialsChainTest, WhenNothingWorksEverySourceIsListed) {
  ChainFixture fixture;
  fixture.third->set_result(testing::absent("no answer from http://169.254.169.254 (connect_failed)"));
  const auto credentials = fixture.chain.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::absent);
  EXPECT_EQ(credentials.error().message,
            "no AWS credentials found: environment: A not set; profile \"default\": not found; instance metadata: no "
            "answer from http://169.254.169.254 (connect_failed)");
}

TEST(CredentialsChainTest, InvalidatePassesToTheChosenSourceOnly) {
  ChainFixture fixture;
  fixture.chain.invalidate();
  EXPECT_EQ(fixture.third->invalidations(), 0);
  ASSERT_TRUE(fixture.chain.credentials());
  fixture.chain.invalidate();
  EXPECT_EQ(fixture.third->invalidations(), 1);
  EXPECT_EQ(fixture.first->invalidations(), 0);
}

}  // namespace
}  // namespace rds_exporter::aws
