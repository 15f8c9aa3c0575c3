#include "sim/pi/aligned_window.h"

#include <gtest/gtest.h>

namespace rds_exporter::sim::pi {
namespace {

TEST(SimPiAlignedWindow, AcceptsTheApisPeriodsOnly) {
  for (const std::int64_t period : {1, 60, 300, 3600, 86400}) EXPECT_TRUE(is_valid_period(period)) << period;
  for (const std::int64_t period : {0, -60, 5, 10, 120, 600, 604800}) EXPECT_FALSE(is_valid_period(period)) << period;
}

TEST(SimPiAlignedWindow, WidensTheWindowToWholePeriods) {
  const AlignedWindow window = align_window(1000090.5, 1000301.2, 60);
  EXPECT_EQ(window.start, 1000080);
  EXPECT_EQ(window.end, 1000320);
  EXPECT_EQ(window.periods(), 4);
  const AlignedWindow aligned = align_window(1000080, 1000320, 60);
  EXPECT_EQ(aligned.start, 1000080);
  EXPECT_EQ(aligned.end, 1000320);
  const AlignedWindow day = align_window(86400 * 3 + 5, 86400 * 3 + 10, 86400);
  EXPECT_EQ(day.start, 86400 * 3);
  EXPECT_EQ(day.end, 86400 * 4);
}

TEST(SimPiAlignedWindow, PicksAPeriodGivingAtMostTwoHundredPoints) {
  EXPECT_EQ(default_period(0, 300), 60) << "five minutes";
  EXPECT_EQ(default_period(0, 200 * 60), 60);
  EXPECT_EQ(default_period(0, 201 * 60), 300);
  EXPECT_EQ(default_period(0, 86400), 3600) << "a day";
  EXPECT_EQ(default_period(0, 86400 * 30), 86400) << "a month";
  EXPECT_EQ(default_period(0, 86400 * 1000), 86400) << "longer than any period allows";
}

}  // namespace
}  // namespace rds_exporter::sim::pi
