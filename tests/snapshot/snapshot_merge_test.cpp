#include "snapshot/snapshot_merge.h"

#include "snapshot_test_support.h"

#include <gtest/gtest.h>

namespace rds_exporter::snapshot {
namespace {

using namespace std::chrono_literals;
using testing::kCpu;
using testing::kCredits;
using testing::kVolume;
using testing::reading;

const auto kNow = std::chrono::sys_seconds(std::chrono::seconds(1'764'000'000));

Freshness at(std::chrono::system_clock::time_point now) { return {now, 300s}; }

TEST(SnapshotMerge, FirstCycleKeepsEveryFreshReadingInStableOrder) {
  const auto inventory = testing::inventory_of({"orders", "billing"}, {"ledger"});
  const auto merged = merge_snapshot(nullptr, inventory,
                                     {reading("orders", kCpu, kNow - 2min, 10), reading("ledger", kVolume, kNow - 2min, 7),
                                      reading("billing", kCpu, kNow - 2min, 20)},
                                     at(kNow));
  const auto& readings = merged.snapshot->readings;
  ASSERT_EQ(readings.size(), 3u);
  EXPECT_EQ(readings[0].key.source_identifier, "billing");
  EXPECT_EQ(readings[1].key.source_identifier, "orders");
  EXPECT_EQ(readings[2].key.source_identifier, "ledger");
  EXPECT_EQ(merged.snapshot->inventory, inventory);
  EXPECT_EQ(merged.expired, 0u);
}

TEST(SnapshotMerge, NewerReadingReplacesTheLastValue) {
  const auto inventory = testing::inventory_of({"orders"});
  const auto first = merge_snapshot(nullptr, inventory, {reading("orders", kCpu, kNow - 3min, 10)}, at(kNow));
  const auto second =
      merge_snapshot(first.snapshot.get(), inventory, {reading("orders", kCpu, kNow - 2min, 30)}, at(kNow + 1min));
  ASSERT_EQ(second.snapshot->readings.size(), 1u);
  EXPECT_EQ(second.snapshot->readings[0].value, 30);
}

TEST(SnapshotMerge, AFailedCycleKeepsTheLastGoodValueUntilItIsStale) {
  const auto inventory = testing::inventory_of({"orders"});
  const auto good = merge_snapshot(nullptr, inventory, {reading("orders", kCpu, kNow - 2min, 42)}, at(kNow));
  // Five minutes past its timestamp plus the metric's one-minute publication interval: still shown.
  const auto failing = merge_snapshot(good.snapshot.get(), inventory, {}, at(kNow - 2min + 6min));
  ASSERT_EQ(failing.snapshot->readings.size(), 1u);
  EXPECT_EQ(failing.snapshot->readings[0].value, 42);
  const auto stale = merge_snapshot(failing.snapshot.get(), inventory, {}, at(kNow - 2min + 6min + 1s));
  EXPECT_TRUE(stale.snapshot->readings.empty());
  EXPECT_EQ(stale.expired, 1u);
}

TEST(SnapshotMerge, FiveMinuteMetricsSurviveBetweenTheirDatapoints) {
  const auto inventory = testing::inventory_of({"orders"});
  const auto good = merge_snapshot(nullptr, inventory, {reading("orders", kCredits, kNow - 6min, 100)}, at(kNow));
  const auto later = merge_snapshot(good.snapshot.get(), inventory, {}, at(kNow - 6min + 10min));
  EXPECT_EQ(later.snapshot->readings.size(), 1u);
}

TEST(SnapshotMerge, AnOlderReadingNeverReplacesANewerOne) {
  const auto inventory = testing::inventory_of({"orders"});
  const auto first = merge_snapshot(nullptr, inventory, {reading("orders", kCpu, kNow - 1min, 10)}, at(kNow));
  const auto second =
      merge_snapshot(first.snapshot.get(), inventory, {reading("orders", kCpu, kNow - 4min, 99)}, at(kNow));
  ASSERT_EQ(second.snapshot->readings.size(), 1u);
  EXPECT_EQ(second.snapshot->readings[0].value, 10);
}

TEST(SnapshotMerge, InstancesThatLeftTheInventoryLoseTheirSeriesAtOnce) {
  const auto before = testing::inventory_of({"orders", "billing"}, {"ledger"});
  const auto first = merge_snapshot(nullptr, before,
                                    {reading("orders", kCpu, kNow - 1min, 1), reading("billing", kCpu, kNow - 1min, 2),
                                     reading("ledger", kVolume, kNow - 1min, 3)},
                                    at(kNow));
  const auto after = testing::inventory_of({"orders"});
  const auto second = merge_snapshot(first.snapshot.get(), after, {}, at(kNow));
  ASSERT_EQ(second.snapshot->readings.size(), 1u);
  EXPECT_EQ(second.snapshot->readings[0].key.source_identifier, "orders");
  EXPECT_EQ(second.expired, 0u);
}

TEST(SnapshotMerge, AnInstanceAndAClusterOfTheSameNameAreDifferentSources) {
  const auto inventory = testing::inventory_of({"shop"});
  const auto merged = merge_snapshot(nullptr, inventory, {reading("shop", kVolume, kNow - 1min, 5)}, at(kNow));
  EXPECT_TRUE(merged.snapshot->readings.empty());
}

}  // namespace
}  // namespace rds_exporter::snapshot
