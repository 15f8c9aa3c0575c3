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

// The defaults: stale_after 300 s, period 60 s, delay 60 s, a collection a minute.
Freshness at(std::chrono::system_clock::time_point now) { return {now, 300s, 60s, 60s, 60s}; }

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
  const auto stamp = kNow - 2min;
  const auto good = merge_snapshot(nullptr, inventory, {reading("orders", kCpu, stamp, 42)}, at(kNow));
  // stale_after (5 minutes) past the end of the minute the datapoint covers: still shown, then gone.
  const auto failing = merge_snapshot(good.snapshot.get(), inventory, {}, at(stamp + 1min + 5min));
  ASSERT_EQ(failing.snapshot->readings.size(), 1u);
  EXPECT_EQ(failing.snapshot->readings[0].value, 42);
  const auto stale = merge_snapshot(failing.snapshot.get(), inventory, {}, at(stamp + 1min + 5min + 1s));
  EXPECT_TRUE(stale.snapshot->readings.empty());
  EXPECT_EQ(stale.expired, 1u);
}

TEST(SnapshotMerge, SaysWhenTheFirstValueKeptGoesStaleSoThatItCanBeDroppedOnTime) {
  const auto inventory = testing::inventory_of({"orders", "billing"});
  const auto older = kNow - 3min;
  const auto merged = merge_snapshot(
      nullptr, inventory, {reading("orders", kCpu, older, 1), reading("billing", kCpu, kNow - 2min, 2)}, at(kNow));
  // The older datapoint's minute ends at older + 1 min; it may be shown 5 minutes past that.
  EXPECT_EQ(merged.next_expiry, older + 1min + 5min);
  const auto at_expiry = merge_snapshot(merged.snapshot.get(), inventory, {}, at(merged.next_expiry));
  EXPECT_EQ(at_expiry.snapshot->readings.size(), 2u);
  const auto just_after = merge_snapshot(merged.snapshot.get(), inventory, {}, at(merged.next_expiry + 1ms));
  EXPECT_EQ(just_after.snapshot->readings.size(), 1u);
  EXPECT_EQ(merge_snapshot(nullptr, inventory, {}, at(kNow)).next_expiry, std::chrono::system_clock::time_point::max());
}

TEST(SnapshotMerge, FiveMinuteMetricsSurviveBetweenTheirDatapoints) {
  const auto inventory = testing::inventory_of({"orders"});
  // The newest CPU credit datapoint can be 6 minutes old when it arrives, and the next comes 5 minutes later.
  const auto stamp = kNow - 6min;
  const auto good = merge_snapshot(nullptr, inventory, {reading("orders", kCredits, stamp, 100)}, at(kNow));
  const auto later = merge_snapshot(good.snapshot.get(), inventory, {}, at(kNow + 5min));
  EXPECT_EQ(later.snapshot->readings.size(), 1u);
}

TEST(SnapshotMerge, LongPeriodsAndIntervalsNeverDropValuesBetweenSuccessfulCycles) {
  // collection_interval 300 with period 300: a fresh datapoint is already delay + up to a period old, and the
  // next one arrives five minutes later. stale_after stays at its 300 s default.
  const Freshness slow{kNow, 300s, 300s, 60s, 300s};
  const auto inventory = testing::inventory_of({"orders"});
  const auto stamp = kNow - 60s - 300s - 299s;
  const auto good = merge_snapshot(nullptr, inventory, {reading("orders", kCpu, stamp, 7)}, slow);
  ASSERT_EQ(good.snapshot->readings.size(), 1u);
  Freshness next_cycle = slow;
  next_cycle.now = kNow + 300s;
  EXPECT_EQ(merge_snapshot(good.snapshot.get(), inventory, {}, next_cycle).snapshot->readings.size(), 1u);
  // Still bounded: once collection stops, the value goes within delay + two periods + one interval.
  next_cycle.now = stamp + 300s + 60s + 600s + 300s + 1s;
  EXPECT_TRUE(merge_snapshot(good.snapshot.get(), inventory, {}, next_cycle).snapshot->readings.empty());
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
