#include "aws/protocol/timestamp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace rds_exporter::aws {
namespace {

using namespace std::chrono_literals;

TimePoint utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  return std::chrono::sys_days{std::chrono::year{year} / month / day} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second};
}

TEST(FromEpochSeconds, AcceptsFractionsAndExponentNotation) {
  EXPECT_EQ(from_epoch_seconds(1.7145648E9), utc(2024, 5, 1, 12, 0, 0));
  EXPECT_EQ(from_epoch_seconds(1714564860.5), utc(2024, 5, 1, 12, 1, 0) + 500ms);
  EXPECT_EQ(from_epoch_seconds(1.5264875436E9), TimePoint{1526487543600ms});
}

TEST(FromEpochSeconds, RejectsValuesThatAreNoTime) {
  EXPECT_EQ(from_epoch_seconds(std::nan("")), std::nullopt);
  EXPECT_EQ(from_epoch_seconds(std::numeric_limits<double>::infinity()), std::nullopt);
  EXPECT_EQ(from_epoch_seconds(1e300), std::nullopt);
  EXPECT_EQ(from_epoch_seconds(-1e300), std::nullopt);
  // 2300-01-01 and 9999-12-31: four-digit years, but past what the clock holds.
  EXPECT_EQ(from_epoch_seconds(10413792000.0), std::nullopt);
  EXPECT_EQ(from_epoch_seconds(253402300799.0), std::nullopt);
  EXPECT_EQ(from_epoch_milliseconds(10413792000000.0), std::nullopt);
}

TEST(FromEpochMilliseconds, ReadsTheSsoPortalsExpiration) {
  EXPECT_EQ(from_epoch_milliseconds(1714593600000.0), utc(2024, 5, 1, 20, 0, 0));
}

}  // namespace
}  // namespace rds_exporter::aws
