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

TEST(SnapshotMerge, NewSeriesFallInAmongTheShownOnesInSnapshotOrder) {
  const auto inventory = testing::inventory_of({"alpha", "bravo", "charlie", "delta"}, {"ledger"});
  const auto first = merge_snapshot(nullptr, inventory,
                                    {reading("charlie", kCpu, kNow - 2min, 3), reading("alpha", kCpu, kNow - 2min, 1),
                                     reading("ledger", kVolume, kNow - 2min, 9)},
                                    at(kNow));
  // The fresh readings in no particular order: two new series, a newer value of one shown, and one of a source
  // the inventory no longer has.
  const auto later = testing::inventory_of({"alpha", "bravo", "charlie", "delta"}, {});
  const auto second =
      merge_snapshot(first.snapshot.get(), later,
                     {reading("delta", kCpu, kNow - 1min, 4), reading("alpha", kCpu, kNow - 1min, 11),
                      reading("ledger", kVolume, kNow - 1min, 99), reading("bravo", kCpu, kNow - 1min, 2)},
                     at(kNow + 1min));
  std::vector<std::pair<std::string, double>> shown;
  for (const auto& each : second.snapshot->readings) shown.emplace_back(each.key.source_identifier.str(), each.value);
  EXPECT_EQ(shown,
            (std::vector<std::pair<std::string, double>>{{"alpha", 11}, {"bravo", 2}, {"charlie", 3}, {"delta", 4}}));
  EXPECT_EQ(second.accepted.size(), 3u);
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


// Replay (exporter.delivery: replay): every point of a series is shown one span at a time, each from its release
// time (timestamp + span + delay + collection interval + half a period) on.
namespace replay {

// A 5-minute fetch of 1-minute points: stale_after 300 s, period 60 s, delay 60 s, every 300 s, replay.
Freshness at(std::chrono::system_clock::time_point now) { return {now, 300s, 60s, 60s, 300s, true}; }

// 60 + 60 + 300 + 30 seconds.
constexpr auto kLag = 450s;

std::vector<collection::Reading> minutes(std::chrono::system_clock::time_point first, int count, double value = 0) {
  std::vector<collection::Reading> points;
  for (int i = 0; i < count; ++i) points.push_back(reading("orders", kCpu, first + i * 1min, value + i));
  return points;
}

// Follows the snapshots from `merged` through every release until `until`, recording what the page shows each time.
std::vector<collection::Reading> shown_until(MergeResult merged, const discovery::InventoryPtr& inventory,
                                             std::chrono::system_clock::time_point until) {
  std::vector<collection::Reading> shown;
  auto note = [&](const MergeResult& result) {
    for (const auto& r : result.snapshot->readings) {
      if (shown.empty() || shown.back().timestamp != r.timestamp) shown.push_back(r);
    }
  };
  note(merged);
  while (merged.next_release <= until) {
    const auto when = merged.next_release;
    merged = merge_snapshot(merged.snapshot.get(), inventory, {}, at(when));
    note(merged);
  }
  return shown;
}

TEST(SnapshotReplay, AFetchOfFivePointsIsShownOneMinuteAtATimeEachAtItsOwnTime) {
  const auto inventory = testing::inventory_of({"orders"});
  // Primed: the point of kNow - 10 min is on the page.
  auto primed = merge_snapshot(nullptr, inventory, minutes(kNow - 10min, 1), at(kNow - 10min + kLag), Release::scheduled);
  ASSERT_EQ(primed.snapshot->readings.size(), 1u);
  // The next fetch brings the five minutes after it, before the first of them is due.
  const auto fetched = merge_snapshot(primed.snapshot.get(), inventory, minutes(kNow - 9min, 5, 100),
                                      at(kNow - 9min + kLag - 20s), Release::scheduled);
  EXPECT_EQ(fetched.accepted.size(), 5u);
  EXPECT_EQ(fetched.snapshot->readings[0].timestamp, kNow - 10min);
  EXPECT_EQ(fetched.snapshot->pending.size(), 5u);
  EXPECT_EQ(fetched.next_release, kNow - 9min + kLag);
  const auto shown = shown_until(fetched, inventory, kNow + 1h);
  ASSERT_EQ(shown.size(), 6u);
  for (int i = 1; i < 6; ++i) {
    EXPECT_EQ(shown[i].timestamp, kNow - 10min + i * 1min);
    EXPECT_EQ(shown[i].released, shown[i].timestamp + kLag);
    EXPECT_EQ(shown[i].value, 100 + i - 1);
  }
}

TEST(SnapshotReplay, TheFirstFetchShowsItsNewestDuePointAtOnceAndSkipsTheOlderOnes) {
  const auto inventory = testing::inventory_of({"orders"});
  // The first window: 15 one-minute points, the newest ending a delay before now.
  const auto now = kNow;
  const auto merged = merge_snapshot(nullptr, inventory, minutes(now - 17min, 15), at(now), Release::scheduled);
  ASSERT_EQ(merged.snapshot->readings.size(), 1u);
  // Due: timestamps up to now - 7.5 min; the newest of them is now - 8 min.
  EXPECT_EQ(merged.snapshot->readings[0].timestamp, now - 8min);
  EXPECT_EQ(merged.skipped, 9u);
  EXPECT_EQ(merged.snapshot->pending.size(), 5u);
  const auto shown = shown_until(merged, inventory, now + 1h);
  ASSERT_EQ(shown.size(), 6u);
  for (std::size_t i = 1; i < shown.size(); ++i) {
    EXPECT_EQ(shown[i].timestamp - shown[i - 1].timestamp, 1min);
    // On schedule from the start: each at its own release time.
    EXPECT_EQ(shown[i].released, shown[i].timestamp + kLag);
  }
}

TEST(SnapshotReplay, PointsArrivingLateStayASpanApartAndTheSeriesCatchesUpBySkipping) {
  const auto inventory = testing::inventory_of({"orders"});
  auto primed = merge_snapshot(nullptr, inventory, minutes(kNow - 10min, 1), at(kNow - 10min + kLag), Release::scheduled);
  // A cycle failed: the next fetch comes 5 minutes late, with ten points, half of them already due.
  const auto late_at = kNow - 9min + kLag + 4min + 30s;
  const auto late = merge_snapshot(primed.snapshot.get(), inventory, minutes(kNow - 9min, 10), at(late_at),
                                   Release::scheduled);
  EXPECT_EQ(late.snapshot->readings[0].timestamp, kNow - 5min);
  EXPECT_EQ(late.skipped, 4u);
  const auto shown = shown_until(late, inventory, kNow + 1h);
  for (std::size_t i = 1; i < shown.size(); ++i) EXPECT_GE(shown[i].released - shown[i - 1].released, 1min);
  EXPECT_EQ(shown.back().timestamp, kNow);
}

TEST(SnapshotReplay, ImmediateReadingsAndNewestDeliveryShowTheNewestAtOnce) {
  const auto inventory = testing::inventory_of({"orders"});
  const auto immediate = merge_snapshot(nullptr, inventory, minutes(kNow - 5min, 3), at(kNow), Release::immediate);
  ASSERT_EQ(immediate.snapshot->readings.size(), 1u);
  EXPECT_EQ(immediate.snapshot->readings[0].timestamp, kNow - 3min);
  EXPECT_TRUE(immediate.snapshot->pending.empty());
  EXPECT_EQ(immediate.skipped, 0u);
  Freshness newest = at(kNow);
  newest.replay = false;
  const auto scheduled = merge_snapshot(nullptr, inventory, minutes(kNow - 5min, 3), newest, Release::scheduled);
  EXPECT_EQ(scheduled.snapshot->readings[0].timestamp, kNow - 3min);
  EXPECT_EQ(scheduled.accepted.size(), 3u);
}

TEST(SnapshotReplay, OnlyPointsNewerThanEverythingTheSeriesHadAreAccepted) {
  const auto inventory = testing::inventory_of({"orders"});
  const auto first = merge_snapshot(nullptr, inventory, minutes(kNow - 5min, 3), at(kNow), Release::scheduled);
  const auto again = merge_snapshot(first.snapshot.get(), inventory, minutes(kNow - 4min, 4), at(kNow + 1s),
                                    Release::scheduled);
  // The first merge had -5, -4 and -3 minutes (pending, none due yet): only -2 and -1 are new.
  ASSERT_EQ(again.accepted.size(), 2u);
  EXPECT_EQ(again.accepted[0].timestamp, kNow - 2min);
  EXPECT_EQ(again.accepted[1].timestamp, kNow - 1min);
  EXPECT_EQ(again.snapshot->pending.size(), 5u);
}

}  // namespace replay

namespace sampled {

// An Enhanced Monitoring metric: its name fixed, its timestamps ending the interval they describe.
const catalog::MetricSpec kOsCpu{.name = "rds_os_cpu_ratio", .unit = "Ratio", .exposed_name = "rds_os_cpu_ratio"};

collection::Reading sample(const std::string& mode, std::chrono::system_clock::time_point timestamp, double value,
                           std::chrono::seconds interval = 10s) {
  collection::Reading reading = testing::reading("orders", kOsCpu, timestamp, value);
  reading.key.statistic = {};
  reading.key.labels = {{"mode", mode}};
  reading.interval = interval;
  return reading;
}

// stale_after 300 s, CloudWatch's period, delay and interval 60 s; Enhanced Monitoring read every 60 s.
Freshness at(std::chrono::system_clock::time_point now, bool replay = false) {
  return {now, 300s, 60s, 60s, 60s, replay, 60s};
}

TEST(SnapshotSampled, SeriesAreKeptApartByTheirLabels) {
  const auto inventory = testing::inventory_of({"orders"});
  const auto merged = merge_snapshot(
      nullptr, inventory, {sample("user", kNow - 5s, 0.25), sample("system", kNow - 5s, 0.5), sample("user", kNow - 15s, 0.75)},
      at(kNow));
  ASSERT_EQ(merged.snapshot->readings.size(), 2u);
  EXPECT_EQ(merged.snapshot->readings[0].key.labels.get()[0].second, "system");
  EXPECT_EQ(merged.snapshot->readings[1].key.labels.get()[0].second, "user");
  EXPECT_EQ(merged.snapshot->readings[1].value, 0.25);
  EXPECT_EQ(merged.accepted.size(), 3u);
}

// None is ever served with a value older than stale_after: a sample's age counts from its own timestamp.
TEST(SnapshotSampled, ASampleGoesStaleAfterItsOwnTimestampNotAfterAPeriod) {
  const auto inventory = testing::inventory_of({"orders"});
  const auto merged = merge_snapshot(nullptr, inventory, {sample("user", kNow, 0.25)}, at(kNow));
  EXPECT_EQ(merged.next_expiry, kNow + 300s);
  const auto kept = merge_snapshot(merged.snapshot.get(), inventory, {}, at(kNow + 300s));
  EXPECT_EQ(kept.snapshot->readings.size(), 1u);
  const auto dropped = merge_snapshot(kept.snapshot.get(), inventory, {}, at(kNow + 301s));
  EXPECT_TRUE(dropped.snapshot->readings.empty());
  EXPECT_EQ(dropped.expired, 1u);
}

TEST(SnapshotSampled, ALongIntervalOutlivesAShortStaleAfterBetweenReads) {
  const auto inventory = testing::inventory_of({"orders"});
  Freshness freshness = at(kNow);
  freshness.stale_after = 60s;
  // 60-second samples read every 60 s: the newest can be 60 + 60 s old before the next arrives.
  const auto merged = merge_snapshot(nullptr, inventory, {sample("user", kNow, 0.25, 60s)}, freshness);
  EXPECT_EQ(merged.next_expiry, kNow + 60s + 2 * 60s + Freshness::kSampledAllowance);
}

TEST(SnapshotSampled, ReplayShowsEverySampleOneIntervalApartWithItsOwnTimestamp) {
  const auto inventory = testing::inventory_of({"orders"});
  // A read at kNow brings the six 10-second samples of the minute before.
  std::vector<collection::Reading> minute;
  for (int i = 0; i < 6; ++i) minute.push_back(sample("user", kNow - 50s + i * 10s, i));
  auto merged = merge_snapshot(nullptr, inventory, minute, at(kNow, true), Release::scheduled);
  std::vector<collection::Reading> shown;
  auto note = [&](const MergeResult& result) {
    for (const auto& r : result.snapshot->readings) {
      if (shown.empty() || shown.back().timestamp != r.timestamp) shown.push_back(r);
    }
  };
  note(merged);
  while (merged.next_release != std::chrono::system_clock::time_point::max()) {
    merged = merge_snapshot(merged.snapshot.get(), inventory, {}, at(merged.next_release, true));
    note(merged);
  }
  ASSERT_EQ(shown.size(), 6u);
  EXPECT_EQ(merged.skipped, 0u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(shown[i].timestamp, kNow - 50s + i * 10s);
    EXPECT_EQ(shown[i].value, i);
    // Due one read interval plus the allowance after its timestamp: each is shown for exactly its interval.
    EXPECT_EQ(shown[i].released, shown[i].timestamp + 60s + Freshness::kSampledAllowance);
  }
}

}  // namespace sampled

}  // namespace
}  // namespace rds_exporter::snapshot
