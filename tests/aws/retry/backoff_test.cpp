#include "aws/retry/backoff.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kBase{1000};

TEST(Backoff, ZeroRandomMeansNoWait) {
  for (const int retry : {1, 2, 5, 30, 1000}) EXPECT_EQ(backoff_delay(retry, kBase, 0.0), milliseconds(0)) << retry;
}

TEST(Backoff, CeilingDoublesWithEachRetryFromTheBase) {
  EXPECT_EQ(backoff_delay(1, kBase, 1.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(2, kBase, 1.0), milliseconds(2000));
  EXPECT_EQ(backoff_delay(3, kBase, 1.0), milliseconds(4000));
  EXPECT_EQ(backoff_delay(4, kBase, 1.0), milliseconds(8000));
  EXPECT_EQ(backoff_delay(5, kBase, 1.0), milliseconds(16000));
  EXPECT_EQ(backoff_delay(1, milliseconds(100), 1.0), milliseconds(100));
  EXPECT_EQ(backoff_delay(4, milliseconds(100), 1.0), milliseconds(800));
}

TEST(Backoff, FullJitterScalesTheCeilingByTheRandomDraw) {
  EXPECT_EQ(backoff_delay(1, kBase, 0.5), milliseconds(500));
  EXPECT_EQ(backoff_delay(3, kBase, 0.25), milliseconds(1000));
  EXPECT_EQ(backoff_delay(2, milliseconds(100), 0.75), milliseconds(150));
  EXPECT_LT(backoff_delay(3, kBase, 0.9999), milliseconds(4000));
}

TEST(Backoff, IsCappedAtTwentySeconds) {
  EXPECT_EQ(kMaxBackoff, milliseconds(20000));
  EXPECT_EQ(backoff_delay(6, kBase, 1.0), milliseconds(20000));
  EXPECT_EQ(backoff_delay(6, kBase, 0.5), milliseconds(10000));
  EXPECT_EQ(backoff_delay(64, kBase, 1.0), milliseconds(20000));
  EXPECT_EQ(backoff_delay(1000000, kBase, 0.5), milliseconds(10000));
  EXPECT_EQ(backoff_delay(1, milliseconds(60000), 1.0), milliseconds(20000));
}

TEST(Backoff, ADrawOutsideTheUnitIntervalStaysWithinZeroAndTheCeiling) {
  EXPECT_EQ(backoff_delay(2, kBase, -0.5), milliseconds(0));
  EXPECT_EQ(backoff_delay(2, kBase, 7.0), milliseconds(2000));
}

}  // namespace
}  // namespace rds_exporter::aws
