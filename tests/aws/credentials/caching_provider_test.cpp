#include "aws/credentials/caching_provider.h"

#include "scripted_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rds_exporter::aws {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::make_credentials;
using testing::ScriptedProvider;

class CachingProviderTest : public ::testing::Test {
 protected:
  CachingOptions options() {
    CachingOptions options;
    options.clock = [this] { return now_; };
    options.observer = [this](std::string_view provider, bool success) {
      const std::lock_guard lock(mutex_);
      observed_.push_back(std::string(provider) + (success ? ":success" : ":failure"));
    };
    return options;
  }
  std::vector<std::string> observed() {
    const std::lock_guard lock(mutex_);
    return observed_;
  }

  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point(hours(24 * 365 * 54));
  std::mutex mutex_;
  std::vector<std::string> observed_;
};

TEST_F(CachingProviderTest, ServesCachedCredentialsUntilFiveMinutesBeforeExpiry) {
  auto source = std::make_shared<ScriptedProvider>("imds", make_credentials("FIRST", now_ + hours(1)));
  CachingProvider provider(source, options());
  EXPECT_EQ(provider.credentials()->access_key_id, "FIRST");
  source->set_result(make_credentials("SECOND", now_ + hours(2)));
  now_ += minutes(54);
  EXPECT_EQ(provider.credentials()->access_key_id, "FIRST");
  EXPECT_EQ(source->calls(), 1);
  now_ += minutes(1) + seconds(1);
  EXPECT_EQ(provider.credentials()->access_key_id, "SECOND");
  EXPECT_EQ(source->calls(), 2);
  EXPECT_THAT(observed(), ::testing::ElementsAre("imds:success", "imds:success"));
}

TEST_F(CachingProviderTest, TheRefreshWindowIsConfigurable) {
  auto source = std::make_shared<ScriptedProvider>("sso", make_credentials("FIRST", now_ + hours(1)));
  auto settings = options();
  settings.refresh_window = minutes(15);
  CachingProvider provider(source, settings);
  ASSERT_TRUE(provider.credentials());
  now_ += minutes(45) + seconds(1);
  ASSERT_TRUE(provider.credentials());
  EXPECT_EQ(source->calls(), 2);
}

TEST_F(CachingProviderTest, ShortLivedCredentialsAreRefreshedAtHalfTheirLifetime) {
  auto source = std::make_shared<ScriptedProvider>("container", make_credentials("SHORT", now_ + seconds(60)));
  CachingProvider provider(source, options());
  ASSERT_TRUE(provider.credentials());
  now_ += seconds(29);
  ASSERT_TRUE(provider.credentials());
  EXPECT_EQ(source->calls(), 1);
  now_ += seconds(2);
  ASSERT_TRUE(provider.credentials());
  EXPECT_EQ(source->calls(), 2);
}

TEST_F(CachingProviderTest, CredentialsWithoutExpiryAreFetchedOnce) {
  auto source = std::make_shared<ScriptedProvider>("environment", make_credentials("LONGTERM"));
  CachingProvider provider(source, options());
  for (int i = 0; i < 5; ++i) {
    now_ += hours(1000);
    ASSERT_TRUE(provider.credentials());
  }
  EXPECT_EQ(source->calls(), 1);
}

TEST_F(CachingProviderTest, ManyThreadsShareOneFetch) {
  auto source = std::make_shared<ScriptedProvider>("sso", make_credentials("SHARED", now_ + hours(1)));
  source->set_delay(std::chrono::milliseconds(200));
  CachingProvider provider(source, options());
  std::vector<std::thread> threads;
  std::atomic<int> successes{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (auto credentials = provider.credentials(); credentials && credentials->access_key_id == "SHARED") ++successes;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(successes, 8);
  EXPECT_EQ(source->calls(), 1);
  EXPECT_EQ(observed().size(), 1u);
}

TEST_F(CachingProviderTest, AFailedRefreshKeepsServingUnexpiredCredentials) {
  auto source = std::make_shared<ScriptedProvider>("assume_role", make_credentials("OLD", now_ + hours(1)));
  CachingProvider provider(source, options());
  ASSERT_TRUE(provider.credentials());
  source->set_result(testing::failed("STS is down"));
  now_ += minutes(56);
  EXPECT_EQ(provider.credentials()->access_key_id, "OLD");
  EXPECT_EQ(source->calls(), 2);
  // Not asked again at once, so that a failing source is not hammered by every request.
  EXPECT_EQ(provider.credentials()->access_key_id, "OLD");
  EXPECT_EQ(source->calls(), 2);
  now_ += seconds(11);
  EXPECT_EQ(provider.credentials()->access_key_id, "OLD");
  EXPECT_EQ(source->calls(), 3);
  now_ += minutes(4);
  const auto expired = provider.credentials();
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().message, "STS is down");
  EXPECT_THAT(observed(), ::testing::ElementsAre("assume_role:success", "assume_role:failure", "assume_role:failure",
                                                 "assume_role:failure"));
}

TEST_F(CachingProviderTest, ACancelledRefreshIsNeitherAFailureNorCounted) {
  auto source = std::make_shared<ScriptedProvider>("assume_role", make_credentials("OLD", now_ + hours(1)));
  CachingProvider provider(source, options());
  ASSERT_TRUE(provider.credentials());
  source->set_result(common::Unexpected{CredentialsProblem{CredentialsProblem::Kind::cancelled, "stopping"}});
  now_ += minutes(56);
  const auto cancelled = provider.credentials();
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().kind, CredentialsProblem::Kind::cancelled);
  EXPECT_THAT(observed(), ::testing::ElementsAre("assume_role:success"));
  // The cached credentials stay, and the next call asks the source again at once.
  source->set_result(make_credentials("NEW", now_ + hours(1)));
  EXPECT_EQ(provider.credentials()->access_key_id, "NEW");
}

TEST_F(CachingProviderTest, AFailureWithNothingCachedIsReturned) {
  auto source = std::make_shared<ScriptedProvider>("chain", testing::absent("no AWS credentials found"));
  CachingProvider provider(source, options());
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, CredentialsProblem::Kind::absent);
  ASSERT_FALSE(provider.credentials());
  EXPECT_EQ(source->calls(), 2);
}

TEST_F(CachingProviderTest, InvalidateForcesTheNextFetchAndTellsTheSource) {
  auto source = std::make_shared<ScriptedProvider>("profile", make_credentials("FIRST", now_ + hours(1)));
  CachingProvider provider(source, options());
  ASSERT_TRUE(provider.credentials());
  source->set_result(make_credentials("SECOND", now_ + hours(1)));
  provider.invalidate();
  EXPECT_EQ(source->invalidations(), 1);
  EXPECT_EQ(provider.credentials()->access_key_id, "SECOND");
  EXPECT_EQ(source->calls(), 2);
}

TEST_F(CachingProviderTest, InvalidatedCredentialsAreNotServedWhenTheRefreshFails) {
  auto source = std::make_shared<ScriptedProvider>("profile", make_credentials("REJECTED", now_ + hours(1)));
  CachingProvider provider(source, options());
  ASSERT_TRUE(provider.credentials());
  source->set_result(testing::failed("gone"));
  provider.invalidate();
  EXPECT_FALSE(provider.credentials());
}

TEST_F(CachingProviderTest, NamesItselfAfterItsSource) {
  CachingProvider provider(std::make_shared<ScriptedProvider>("web_identity", testing::failed("x")), options());
  EXPECT_EQ(provider.name(), "web_identity");
}

}  // namespace
}  // namespace rds_exporter::aws
