#include "aws/retry/retry_quota.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace rds_exporter::aws {
namespace {

TEST(RetryQuota, StartsFullAt500) {
  const RetryQuota quota;
  EXPECT_EQ(quota.available(), 500);
}

TEST(RetryQuota, HundredRetriesEmptyItAndTheNextIsRefused) {
  RetryQuota quota;
  for (int retry = 1; retry <= 100; ++retry) ASSERT_TRUE(quota.try_acquire(RetryQuota::kRetryCost)) << retry;
  EXPECT_EQ(quota.available(), 0);
  EXPECT_FALSE(quota.try_acquire(RetryQuota::kRetryCost));
  EXPECT_EQ(quota.available(), 0);
}

TEST(RetryQuota, TimeoutRetriesCostTwiceAsMuch) {
  RetryQuota quota;
  for (int retry = 1; retry <= 50; ++retry) ASSERT_TRUE(quota.try_acquire(RetryQuota::kTimeoutRetryCost)) << retry;
  EXPECT_FALSE(quota.try_acquire(RetryQuota::kTimeoutRetryCost));
  EXPECT_FALSE(quota.try_acquire(RetryQuota::kRetryCost));
}

TEST(RetryQuota, ARefusedRetryTakesNothing) {
  RetryQuota quota;
  for (int retry = 1; retry <= 98; ++retry) ASSERT_TRUE(quota.try_acquire(RetryQuota::kRetryCost));
  ASSERT_EQ(quota.available(), 10);
  ASSERT_TRUE(quota.try_acquire(3));
  EXPECT_FALSE(quota.try_acquire(RetryQuota::kTimeoutRetryCost));
  EXPECT_EQ(quota.available(), 7);
  EXPECT_TRUE(quota.try_acquire(RetryQuota::kRetryCost));
  EXPECT_EQ(quota.available(), 2);
}

TEST(RetryQuota, SuccessAfterRetriesGivesBackTheLastRetrysCost) {
  RetryQuota quota;
  ASSERT_TRUE(quota.try_acquire(RetryQuota::kRetryCost));
  ASSERT_TRUE(quota.try_acquire(RetryQuota::kTimeoutRetryCost));
  EXPECT_EQ(quota.available(), 485);
  quota.release_after_success(RetryQuota::kTimeoutRetryCost);
  EXPECT_EQ(quota.available(), 495);
  quota.release_after_success(RetryQuota::kRetryCost);
  EXPECT_EQ(quota.available(), 500);
}

TEST(RetryQuota, SuccessWithoutRetriesGivesBackOne) {
  RetryQuota quota;
  ASSERT_TRUE(quota.try_acquire(RetryQuota::kRetryCost));
  quota.release_after_success(0);
  EXPECT_EQ(quota.available(), 496);
}

TEST(RetryQuota, NeverRisesAboveItsCapacity) {
  RetryQuota quota;
  quota.release_after_success(0);
  EXPECT_EQ(quota.available(), 500);
  ASSERT_TRUE(quota.try_acquire(RetryQuota::kRetryCost));
  quota.release_after_success(RetryQuota::kTimeoutRetryCost);
  EXPECT_EQ(quota.available(), 500);

  RetryQuota small(20);
  small.release_after_success(RetryQuota::kRetryCost);
  EXPECT_EQ(small.available(), 20);
  for (int retry = 1; retry <= 4; ++retry) ASSERT_TRUE(small.try_acquire(RetryQuota::kRetryCost));
  EXPECT_FALSE(small.try_acquire(RetryQuota::kRetryCost));
}

TEST(RetryQuota, CallsOnManyThreadsGetExactlyTheHundredRetriesThereAre) {
  RetryQuota quota;
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int attempt = 0; attempt < 1000; ++attempt) {
        if (quota.try_acquire(RetryQuota::kRetryCost)) ++granted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 100);
  EXPECT_EQ(quota.available(), 0);
}

TEST(RetryQuota, BalancedRetriesAndRefundsOnManyThreadsLeaveItFull) {
  RetryQuota quota;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&quota] {
      for (int call = 0; call < 5000; ++call) {
        if (quota.try_acquire(RetryQuota::kRetryCost)) quota.release_after_success(RetryQuota::kRetryCost);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(quota.available(), 500);
}

}  // namespace
}  // namespace rds_exporter::aws
