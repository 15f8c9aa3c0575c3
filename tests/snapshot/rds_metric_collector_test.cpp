#include "snapshot/rds_metric_collector.h"

#include "fake_engine_clock.h"
#include "snapshot_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace rds_exporter::snapshot {
namespace {

using namespace std::chrono_literals;
using collection::CollectionResult;
using testing::eventually;
using testing::kCpu;

// Keeps the first scope's snapshot of every page (these tests run one scope).
class RecordingPublisher : public MetricPublisher {
 public:
  void publish(const std::vector<SnapshotPtr>& scopes) override {
    const std::lock_guard lock(mutex_);
    published_.push_back(scopes.empty() ? nullptr : scopes.front());
  }
  SnapshotPtr last() const {
    const std::lock_guard lock(mutex_);
    return published_.empty() ? nullptr : published_.back();
  }
  std::size_t pages() const {
    const std::lock_guard lock(mutex_);
    return published_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<SnapshotPtr> published_;
};

CollectionResult result_with(std::vector<collection::Reading> readings) {
  CollectionResult result;
  result.queries = readings.size();
  result.get_metric_data_calls = 1;
  result.readings = std::move(readings);
  return result;
}

class RdsMetricCollectorTest : public ::testing::Test {
 protected:
  DiscoverFunction discover_returning(std::function<discovery::InventoryPtr()> next) {
    return [this, next](auto) -> common::Expected<discovery::InventoryPtr, aws::AwsError> {
      ++discoveries_;
      return next();
    };
  }

  // A collection that gives orders and billing a point each, two minutes old.
  auto collecting_orders_and_billing() {
    return [this](const discovery::Inventory&, auto now) {
      ++collections_;
      return result_with(
          {testing::reading("orders", kCpu, now - 2min, 1), testing::reading("billing", kCpu, now - 2min, 2)});
    };
  }

  RecordingPublisher publisher_;
  CollectorMetrics metrics_;
  SnapshotStore store_{publisher_, metrics_, 1ms};
  const aws::ScopeLabels scope_{"111122223333", "eu-west-1"};
  std::atomic<int> discoveries_{0};
  std::atomic<int> collections_{0};
};

TEST_F(RdsMetricCollectorTest, FirstDiscoveryLeadsToACollectionAndAPublishedSnapshot) {
  const auto inventory = testing::inventory_of({"orders"});
  RdsMetricCollector collector(
      {1h, 1h, 300s}, scope_, discover_returning([&] { return inventory; }),
      [&](const discovery::Inventory&, auto now) {
        ++collections_;
        return result_with({testing::reading("orders", kCpu, now - 2min, 12.5)});
      },
      store_, metrics_);
  collector.start();
  ASSERT_TRUE(eventually([&] {
    const auto snapshot = publisher_.last();
    return snapshot && snapshot->readings.size() == 1;
  }));
  EXPECT_EQ(publisher_.last()->readings[0].value, 12.5);
  EXPECT_EQ(collector.snapshot(), publisher_.last());
  collector.stop();
  EXPECT_EQ(discoveries_, 1);
  EXPECT_EQ(collections_, 1);
  EXPECT_TRUE(collector.health().healthy);
}

TEST_F(RdsMetricCollectorTest, FailedCyclesKeepTheLastGoodValues) {
  const auto inventory = testing::inventory_of({"orders"});
  RdsMetricCollector collector(
      {1s, 1h, 300s}, scope_, discover_returning([&] { return inventory; }),
      [&](const discovery::Inventory&, auto now) {
        if (++collections_ == 1) return result_with({testing::reading("orders", kCpu, now - 2min, 7)});
        CollectionResult failed;
        failed.queries = 1;
        failed.failed_batches = 1;
        return failed;
      },
      store_, metrics_);
  collector.start();
  ASSERT_TRUE(eventually([&] { return collections_ >= 3; }));
  collector.stop();
  ASSERT_EQ(collector.snapshot()->readings.size(), 1u);
  EXPECT_EQ(collector.snapshot()->readings[0].value, 7);
}

TEST_F(RdsMetricCollectorTest, HealthTurnsBadAfterThreeIntervalsWithoutSuccess) {
  RdsMetricCollector collector(
      {1s, 1h, 300s}, scope_, discover_returning([] { return testing::inventory_of({"orders"}); }),
      [&](const discovery::Inventory&, auto) {
        ++collections_;
        CollectionResult failed;
        failed.failed_batches = 1;
        return failed;
      },
      store_, metrics_);
  collector.start();
  EXPECT_TRUE(collector.health().healthy);
  ASSERT_TRUE(eventually([&] { return !collector.health().healthy; }));
  EXPECT_NE(collector.health().reason.find("no successful CloudWatch collection"), std::string::npos);
  collector.stop();
}

TEST_F(RdsMetricCollectorTest, ADepartedInstanceLosesItsSeriesAtTheNextDiscovery) {
  std::atomic<bool> orders_deleted{false};
  RdsMetricCollector collector(
      {1h, 1s, 300s}, scope_, discover_returning([&] {
        return orders_deleted ? testing::inventory_of({"billing"}) : testing::inventory_of({"orders", "billing"});
      }),
      collecting_orders_and_billing(), store_, metrics_);
  collector.start();
  ASSERT_TRUE(eventually([&] {
    const auto snapshot = publisher_.last();
    return snapshot && snapshot->readings.size() == 2;
  }));
  orders_deleted = true;
  ASSERT_TRUE(eventually([&] {
    const auto snapshot = publisher_.last();
    return snapshot && snapshot->readings.size() == 1 && snapshot->readings[0].key.source_identifier == "billing";
  }));
  collector.stop();
  // The collection interval is an hour: the series went with the discovery, not with a new collection.
  EXPECT_EQ(collections_, 1);
}

TEST_F(RdsMetricCollectorTest, ARediscoveryThatFindsTheFleetUnchangedKeepsItsInventoryAndPage) {
  std::atomic<bool> orders_stopped{false};
  RdsMetricCollector collector(
      {1h, 1s, 300s}, scope_, discover_returning([&] {
        auto inventory = std::make_shared<discovery::Inventory>(*testing::inventory_of({"orders", "billing"}));
        // Found at another moment each time.
        inventory->discovered_at = std::chrono::system_clock::time_point(std::chrono::seconds(discoveries_));
        inventory->instances[0].db.status = orders_stopped ? "stopped" : "available";
        return discovery::InventoryPtr(std::move(inventory));
      }),
      collecting_orders_and_billing(), store_, metrics_);
  collector.start();
  ASSERT_TRUE(eventually([&] {
    const auto snapshot = collector.snapshot();
    return snapshot && snapshot->readings.size() == 2 && publisher_.last() == snapshot;
  }));
  const SnapshotPtr first = collector.snapshot();
  const std::size_t pages = publisher_.pages();
  const int discoveries = discoveries_;
  // Discoveries every second find the same fleet: no new snapshot, no new page.
  ASSERT_TRUE(eventually([&] { return discoveries_ >= discoveries + 2; }));
  EXPECT_EQ(collector.snapshot(), first);
  EXPECT_EQ(publisher_.pages(), pages);
  // A status that changes is a fleet that changed: the page shows it without waiting for a collection.
  orders_stopped = true;
  ASSERT_TRUE(eventually([&] {
    const auto snapshot = publisher_.last();
    return snapshot && snapshot->inventory->instances[0].db.status == "stopped";
  }));
  collector.stop();
  EXPECT_EQ(collector.snapshot()->readings.size(), 2u);
  EXPECT_EQ(collections_, 1);
}

TEST_F(RdsMetricCollectorTest, AFailedDiscoveryKeepsThePreviousInventory) {
  std::atomic<int> calls{0};
  RdsMetricCollector collector(
      {1s, 1s, 300s}, scope_,
      [&](auto) -> common::Expected<discovery::InventoryPtr, aws::AwsError> {
        if (++calls == 1) return testing::inventory_of({"orders"});
        aws::AwsError error;
        error.code = "Throttling";
        error.message = "Rate exceeded";
        return common::Unexpected{error};
      },
      [&](const discovery::Inventory& inventory, auto now) {
        ++collections_;
        EXPECT_EQ(inventory.instances.size(), 1u);
        return result_with({testing::reading("orders", kCpu, now - 2min, 3)});
      },
      store_, metrics_);
  collector.start();
  ASSERT_TRUE(eventually([&] { return calls >= 3 && collections_ >= 3; }));
  collector.stop();
  EXPECT_EQ(collector.snapshot()->readings.size(), 1u);
  EXPECT_TRUE(collector.health().healthy);
}

TEST_F(RdsMetricCollectorTest, ASlowSideCollectionNeverHoldsTheMainOneBack) {
  std::atomic<bool> release_side{false};
  std::atomic<int> side_cycles{0};
  constexpr catalog::MetricSpec kThreads{
      "ThreadsRunning", "Count", catalog::MetricScope::instance, ~0u, catalog::kAlways, 60, false, "Threads running"};
  RdsMetricCollector collector(
      {1h, 1h, 300s}, scope_, discover_returning([] { return testing::inventory_of({"orders"}); }),
                               [&](const discovery::Inventory&, auto now) {
                                 ++collections_;
                                 return result_with({testing::reading("orders", kCpu, now - 2min, 5)});
                               },
                               store_, metrics_, {{"performance_insights", [&](const discovery::Inventory&, auto now) {
                                 // Performance Insights at a large fleet's pace, or stuck in retries.
                                 for (int i = 0; i < 500 && !release_side; ++i) std::this_thread::sleep_for(10ms);
                                 ++side_cycles;
                                 CollectionResult result;
                                 result.readings = {testing::reading("orders", kThreads, now - 2min, 9)};
                                 result.failed_batches = 1;
                                 return result;
                               }}});
  collector.start();
  ASSERT_TRUE(eventually([&] {
    const auto snapshot = publisher_.last();
    return snapshot && snapshot->readings.size() == 1 && snapshot->readings[0].key.metric == &kCpu;
  }));
  EXPECT_EQ(side_cycles, 0);
  release_side = true;
  ASSERT_TRUE(eventually([&] { return publisher_.last()->readings.size() == 2; }));
  collector.stop();
  // A side source's failures are its own: /health follows the main collection only.
  EXPECT_TRUE(collector.health().healthy);
}

// A main collection that runs until `release` (at most 30 s), counting itself in `running` while it does.
CollectFunction main_held_until(std::atomic<bool>& release, std::atomic<int>& running) {
  return [&release, &running](const discovery::Inventory&, auto now) {
    ++running;
    for (int i = 0; i < 3000 && !release; ++i) std::this_thread::sleep_for(10ms);
    --running;
    return result_with({testing::reading("orders", kCpu, now - 2min, 5)});
  };
}

// A side cycle falling due while the main cycle runs starts once the main one is merged, so that the two never
// hold their answers, readings and merges at the same moment; the main cycle never waits for a side one.
TEST_F(RdsMetricCollectorTest, ASideCycleStartsOnceTheMainCycleIsDone) {
  std::atomic<bool> release_main{false};
  std::atomic<int> main_running{0};
  std::atomic<int> side_cycles{0};
  std::atomic<int> side_saw_main_running{0};
  RdsMetricCollector collector({1h, 1h, 300s}, scope_,
                               discover_returning([] { return testing::inventory_of({"orders"}); }),
                               main_held_until(release_main, main_running), store_, metrics_,
                               {{"performance_insights", [&](const discovery::Inventory&, auto) {
                                   side_saw_main_running += main_running.load();
                                   ++side_cycles;
                                   return result_with({});
                                 }}});
  collector.start();
  ASSERT_TRUE(eventually([&] { return main_running == 1; }));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(side_cycles, 0);
  release_main = true;
  ASSERT_TRUE(eventually([&] { return side_cycles == 1; }));
  collector.stop();
  EXPECT_EQ(side_saw_main_running, 0);
}

// A main cycle held up (throttling, retries) holds a side cycle back for half the side's interval at most.
TEST_F(RdsMetricCollectorTest, AMainCycleHeldUpHoldsASideCycleBackOnlyHalfItsInterval) {
  std::atomic<bool> release_main{false};
  std::atomic<int> main_running{0};
  std::atomic<int> side_cycles{0};
  RdsMetricCollector collector({1h, 1h, 300s}, scope_,
                               discover_returning([] { return testing::inventory_of({"orders"}); }),
                               main_held_until(release_main, main_running), store_, metrics_,
                               {{"enhanced_monitoring",
                                 [&](const discovery::Inventory&, auto) {
                                   ++side_cycles;
                                   return result_with({});
                                 },
                                 {},
                                 1s}});
  collector.start();
  ASSERT_TRUE(eventually([&] { return main_running == 1; }));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(side_cycles, 0);
  ASSERT_TRUE(eventually([&] { return side_cycles >= 1; }));
  EXPECT_EQ(main_running, 1);
  release_main = true;
  collector.stop();
}

TEST_F(RdsMetricCollectorTest, StopReturnsWithoutWaitingForTheNextTick) {
  RdsMetricCollector collector(
      {24h, 24h, 300s}, scope_, discover_returning([] { return testing::inventory_of({}); }),
      [&](const discovery::Inventory&, auto) { return CollectionResult{}; }, store_, metrics_);
  collector.start();
  ASSERT_TRUE(eventually([&] { return discoveries_ == 1; }));
  const auto started = std::chrono::steady_clock::now();
  collector.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

// The schedule runs on the injected clock: a minute of fake time is one cycle, and a loop that overslept skips
// the ticks it missed instead of running them back to back.
TEST_F(RdsMetricCollectorTest, CyclesFollowTheInjectedClock) {
  testing::FakeEngineClock clock;
  RdsMetricCollector collector(
      {60s, 1h, 300s}, scope_, discover_returning([] { return testing::inventory_of({"orders"}); }),
      [&](const discovery::Inventory&, auto now) {
        ++collections_;
        return result_with({testing::reading("orders", kCpu, now - 2min, 1)});
      },
      store_, metrics_, {}, clock);
  collector.start();
  // Discovery's and collection's loops both waiting: time may move.
  const auto parked = [&](std::uint64_t cycles) { return collector.cycles() == cycles && clock.waiters() == 2; };
  ASSERT_TRUE(eventually([&] { return parked(1); }));
  clock.advance(60s);
  ASSERT_TRUE(eventually([&] { return parked(2); }));
  clock.advance(300s);
  ASSERT_TRUE(eventually([&] { return parked(3); }));
  collector.stop();
  EXPECT_EQ(collections_, 3);
}

TEST(SpreadPhase, EachNewScopeTakesTheMiddleOfTheWidestGap) {
  EXPECT_DOUBLE_EQ(spread_phase({}), 0.0);
  EXPECT_DOUBLE_EQ(spread_phase({0.0}), 0.5);
  // Of gaps equally wide, the one around the interval's end first.
  EXPECT_DOUBLE_EQ(spread_phase({0.0, 0.5}), 0.75);
  EXPECT_DOUBLE_EQ(spread_phase({0.0, 0.5, 0.75}), 0.25);
  // Around the interval's end: the gap from 0.9 to 0.3 is the widest.
  EXPECT_NEAR(spread_phase({0.3, 0.9, 0.5}), 0.1, 1e-12);
  // Ten scopes in a row end up no closer than a sixteenth of the interval.
  std::vector<double> taken;
  for (int i = 0; i < 10; ++i) taken.push_back(spread_phase(taken));
  std::sort(taken.begin(), taken.end());
  for (std::size_t i = 1; i < taken.size(); ++i) EXPECT_GE(taken[i] - taken[i - 1], 1.0 / 16) << i;
  EXPECT_GE(taken.front() + 1.0 - taken.back(), 1.0 / 16);
}

TEST(OnPhase, MovesATimeToTheNearestPointAtItsPhase) {
  const EngineClock::SteadyTime epoch{};
  const auto at = [&](std::chrono::milliseconds since) { return epoch + since; };
  // A 60 s interval at phase 0.25: the points are 15 s, 75 s, 135 s... after the epoch.
  EXPECT_EQ(on_phase(at(1000min + 20s), 60s, 0.25), at(1000min + 15s));
  EXPECT_EQ(on_phase(at(1000min + 50s), 60s, 0.25), at(1000min + 75s));
  EXPECT_EQ(on_phase(at(1000min + 15s), 60s, 0.25), at(1000min + 15s));
  EXPECT_EQ(on_phase(at(1000min + 44s + 999ms), 60s, 0.25), at(1000min + 15s));
  EXPECT_EQ(on_phase(at(1000min + 45s), 60s, 0.25), at(1000min + 15s));
  EXPECT_EQ(on_phase(at(1000min + 45s + 1ms), 60s, 0.25), at(1000min + 75s));
  // Phase 0 is the interval's own multiples.
  EXPECT_EQ(on_phase(at(1000min + 29s), 60s, 0.0), at(1000min));
}

// Two scopes at phases half an interval apart: after their first cycles (both at once, when their inventories
// arrive), their regular cycles fall half an interval apart, each on its own phase.
TEST_F(RdsMetricCollectorTest, ScopesWithDifferentPhasesCollectAtDifferentMoments) {
  testing::FakeEngineClock clock;
  std::mutex mutex;
  std::vector<std::pair<int, EngineClock::SteadyTime>> cycles;
  const auto make = [&](int scope, double phase, aws::ScopeLabels labels) {
    CollectorSchedule schedule{60s, 1h, 300s};
    schedule.phase = phase;
    return std::make_unique<RdsMetricCollector>(
        schedule, std::move(labels), discover_returning([] { return testing::inventory_of({"orders"}); }),
        [&, scope](const discovery::Inventory&, auto now) {
          {
            const std::lock_guard lock(mutex);
            cycles.emplace_back(scope, clock.steady_now());
          }
          return result_with({testing::reading("orders", kCpu, now - 2min, 1)});
        },
        store_, metrics_, std::vector<SideCollection>{}, clock);
  };
  auto first = make(0, 0.0, scope_);
  auto second = make(1, 0.5, aws::ScopeLabels{"444455556666", "eu-west-1"});
  first->start();
  second->start();
  // The fake clock starts on a multiple of 60 s: the first scope's ticks fall at 60 s, 120 s... after the start,
  // the second's at 30 s, 90 s...
  const auto parked = [&](std::uint64_t a, std::uint64_t b) {
    return first->cycles() == a && second->cycles() == b && clock.waiters() == 4;
  };
  ASSERT_TRUE(eventually([&] { return parked(1, 1); }));
  for (int elapsed = 10; elapsed <= 180; elapsed += 10) {
    clock.advance(10s);
    const std::uint64_t a = 1 + elapsed / 60;
    const std::uint64_t b = 1 + (elapsed >= 30 ? (elapsed - 30) / 60 + 1 : 0);
    ASSERT_TRUE(eventually([&] { return parked(a, b); })) << elapsed << " s: " << first->cycles() << ", "
                                                         << second->cycles();
  }
  first->stop();
  second->stop();
  const std::lock_guard lock(mutex);
  ASSERT_GE(cycles.size(), 6u);
  for (std::size_t i = 2; i < cycles.size(); ++i) {
    const auto [scope, when] = cycles[i];
    const auto since_epoch = std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()) % 60s;
    EXPECT_EQ(since_epoch, scope == 0 ? 0s : 30s) << "cycle " << i << " of scope " << scope;
  }
}

// Replay: a fetch every 5 minutes brings five 1-minute points; the page shows them one minute apart without
// another fetch, the loop waking for each, and every new point goes to the sinks at once.
TEST_F(RdsMetricCollectorTest, ReplayShowsEachPointOfAFetchAtItsOwnMinute) {
  class CountingSink : public PointSink {
   public:
    void deliver(const discovery::InventoryPtr&, const std::vector<collection::Reading>& points) override {
      delivered += points.size();
    }
    std::atomic<std::size_t> delivered{0};
  } sink;
  testing::FakeEngineClock clock;
  const auto start = clock.wall_now();
  RdsMetricCollector collector(
      {300s, 1h, 300s, 60s, 60s, true}, scope_, discover_returning([] { return testing::inventory_of({"orders"}); }),
      [&](const discovery::Inventory&, auto now) {
        // The points of the five minutes that ended a delay before each fetch.
        std::vector<collection::Reading> points;
        const auto end = std::chrono::floor<std::chrono::minutes>(now - 60s);
        for (int i = 5; i >= 1; --i) points.push_back(testing::reading("orders", kCpu, end - i * 1min, ++collections_));
        return result_with(points);
      },
      store_, metrics_, {}, clock);
  collector.add_sink(sink);
  collector.start();
  const auto parked = [&] { return clock.waiters() == 2; };
  const auto shown = [&]() -> std::optional<double> {
    const auto snapshot = collector.snapshot();
    if (!snapshot || snapshot->readings.empty()) return std::nullopt;
    return snapshot->readings.front().value;
  };
  ASSERT_TRUE(eventually([&] { return collector.cycles() == 1 && parked(); }));
  EXPECT_EQ(sink.delivered, 5u);
  // Moves time to each moment the loop said it would wake (or the next fetch), and notes what the page shows.
  std::vector<double> seen;
  while (clock.wall_now() - start < 11min) {
    if (const auto value = shown(); value && (seen.empty() || seen.back() != *value)) seen.push_back(*value);
    const auto merges = collector.merges();
    const auto cycles = collector.cycles();
    const auto wake = std::min(collector.next_change(), start + static_cast<int>(cycles) * 300s + 1s);
    // The loop wakes 10 ms after the moment it names.
    clock.advance(std::max(1s, std::chrono::ceil<std::chrono::seconds>(wake - clock.wall_now() + 20ms)));
    ASSERT_TRUE(eventually([&] { return collector.merges() > merges && parked(); }));
  }
  collector.stop();
  EXPECT_EQ(sink.delivered, 15u) << "three fetches of five new points each";
  // One point a minute from the first on, in order, none skipped or shown twice.
  ASSERT_GE(seen.size(), 9u);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_EQ(seen[i], seen[i - 1] + 1);
}

// A side collection's samples (Enhanced Monitoring) go stale on their own clock: the main loop, waiting for its
// next tick an hour away, wakes when another loop's merge brings an earlier expiry, and drops the sample on time.
TEST_F(RdsMetricCollectorTest, ASideCollectionsSampleVanishesOnTimeWhileTheMainLoopWaitsForItsTick) {
  static const catalog::MetricSpec kOsCpu{.name = "rds_os_cpu_utilization_ratio",
                                          .unit = "Ratio",
                                          .exposed_name = "rds_os_cpu_utilization_ratio"};
  testing::FakeEngineClock clock;
  const auto sampled_at = clock.wall_now();
  std::atomic<int> side_runs{0};
  CollectorSchedule schedule{1h, 1h, 60s};
  schedule.sampled_collection_interval = 10s;
  RdsMetricCollector collector(
      schedule, scope_, discover_returning([] { return testing::inventory_of({"orders"}); }),
      [&](const discovery::Inventory&, auto) { return result_with({}); }, store_, metrics_,
      {{"enhanced_monitoring",
        [&](const discovery::Inventory&, auto) {
          if (side_runs++ > 0) return result_with({});
          collection::Reading sample = testing::reading("orders", kOsCpu, sampled_at, 0.5);
          sample.interval = 10s;
          return result_with({sample});
        },
        {}, 1h, Release::scheduled}},
      clock);
  collector.start();
  const auto parked = [&] { return clock.waiters() == 3; };
  const auto shown = [&] {
    const auto snapshot = collector.snapshot();
    return snapshot && !snapshot->readings.empty();
  };
  ASSERT_TRUE(eventually([&] { return side_runs == 1 && shown() && parked(); }));
  // stale_after past its own timestamp: still shown at 59 s, gone at 61 s, an hour before either loop's tick.
  clock.advance(59s);
  ASSERT_TRUE(eventually(parked));
  EXPECT_TRUE(shown());
  const auto merges = collector.merges();
  clock.advance(2s);
  ASSERT_TRUE(eventually([&] { return collector.merges() > merges && parked(); }));
  EXPECT_FALSE(shown());
  EXPECT_EQ(side_runs, 1);
  collector.stop();
}

// Whatever a stage throws is caught where its loop runs: logged, counted per component, and the loop runs again
// at its next tick; the process and the other loops never notice.
TEST_F(RdsMetricCollectorTest, AnExceptionInAWorkerIsCountedAndTheNextCycleRuns) {
  testing::FakeEngineClock clock;
  std::atomic<int> discovery_calls{0};
  RdsMetricCollector collector(
      {60s, 60s, 300s}, scope_,
      [&](auto) -> common::Expected<discovery::InventoryPtr, aws::AwsError> {
        if (++discovery_calls == 2) throw std::runtime_error("test hook: discovery");
        return testing::inventory_of({"orders"});
      },
      [&](const discovery::Inventory&, auto now) {
        if (++collections_ == 1) throw std::runtime_error("test hook: collection");
        return result_with({testing::reading("orders", kCpu, now - 2min, 4)});
      },
      store_, metrics_, {}, clock);
  collector.start();
  const auto errors = [&](const char* component) {
    const auto families = metrics_.collect();
    for (const auto& sample : families.back().samples) {
      if (sample.labels[0].value == component) return sample.value;
    }
    return -1.0;
  };
  ASSERT_TRUE(eventually([&] { return errors("cloudwatch") == 1 && clock.waiters() == 2; }));
  EXPECT_EQ(collector.snapshot() ? collector.snapshot()->readings.size() : 0u, 0u);
  clock.advance(60s);
  ASSERT_TRUE(eventually([&] { return collector.snapshot() && collector.snapshot()->readings.size() == 1; }));
  ASSERT_TRUE(eventually([&] { return errors("discovery") == 1 && clock.waiters() == 2; }));
  clock.advance(60s);
  ASSERT_TRUE(eventually([&] { return discovery_calls >= 3 && collections_ >= 3; }));
  collector.stop();
  EXPECT_EQ(errors("cloudwatch"), 1);
  EXPECT_EQ(errors("discovery"), 1);
}

// A discovery that adds one instance collects that instance alone, at once: the rest of the fleet waits for its
// regular tick, so nothing is billed twice in a cycle.
TEST_F(RdsMetricCollectorTest, ANewInstanceIsCollectedAloneNotWithTheWholeFleet) {
  testing::FakeEngineClock clock;
  std::atomic<bool> added{false};
  std::mutex sizes_mutex;
  std::vector<std::size_t> sizes;
  RdsMetricCollector collector(
      {600s, 60s, 900s}, scope_, discover_returning([&] {
        return added ? testing::inventory_of({"orders", "billing", "search"}) : testing::inventory_of({"orders", "billing"});
      }),
      [&](const discovery::Inventory& inventory, auto now) {
        std::vector<collection::Reading> readings;
        {
          const std::lock_guard lock(sizes_mutex);
          sizes.push_back(inventory.instances.size());
        }
        for (const auto& instance : inventory.instances) {
          readings.push_back(testing::reading(instance.db.identifier, kCpu, now - 2min, 1));
        }
        ++collections_;
        return result_with(std::move(readings));
      },
      store_, metrics_, {}, clock);
  collector.start();
  ASSERT_TRUE(eventually([&] {
    return collector.snapshot() && collector.snapshot()->readings.size() == 2 && clock.waiters() == 2;
  }));
  added = true;
  clock.advance(60s);
  ASSERT_TRUE(eventually([&] { return collections_ == 2; }));
  ASSERT_TRUE(eventually([&] { return collector.snapshot() && collector.snapshot()->readings.size() == 3; }));
  collector.stop();
  const std::lock_guard lock(sizes_mutex);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 1}));
  EXPECT_EQ(collector.cycles(), 1u);
}


// The inventory's facts run after every discovery, on their own loop: their output lands in the snapshot and
// stays across collection merges, a slow or throwing fact source never holds back discovery or CloudWatch, and
// the next discovery runs it again.
TEST_F(RdsMetricCollectorTest, FactsFollowEveryDiscoveryAndSurviveTheCollectionMerges) {
  testing::FakeEngineClock clock;
  std::atomic<int> fact_runs{0};
  std::vector<FactSource> fact_sources{
      {"inventory", [&](const discovery::Inventory& inventory, auto) -> collection::FactsPtr {
         const int run = ++fact_runs;
         if (run == 2) throw std::runtime_error("test hook: inventory");
         auto facts = std::make_shared<collection::Facts>();
         collection::FactFamily family{"rds_max_connections", "test", false, {}};
         for (const auto& instance : inventory.instances) {
           family.series.push_back({catalog::MetricScope::instance, instance.db.identifier, {}, 100.0 * run});
         }
         facts->families.push_back(std::move(family));
         return facts;
       }}};
  RdsMetricCollector collector(
      {60s, 60s, 300s}, scope_, discover_returning([] { return testing::inventory_of({"orders"}); }),
      [&](const discovery::Inventory&, auto now) {
        ++collections_;
        return result_with({testing::reading("orders", kCpu, now - 2min, 4)});
      },
      store_, metrics_, {}, clock, std::move(fact_sources));
  collector.start();
  const auto fact_value = [&]() -> double {
    const auto snapshot = collector.snapshot();
    if (!snapshot || snapshot->facts.empty() || !snapshot->facts[0]) return -1;
    return snapshot->facts[0]->families.at(0).series.at(0).value;
  };
  ASSERT_TRUE(eventually([&] { return fact_value() == 100 && collector.snapshot()->readings.size() == 1; }));
  // The second discovery's run throws: counted, the last facts stay, and the third discovery's run replaces them.
  clock.advance(60s);
  ASSERT_TRUE(eventually([&] { return fact_runs == 2 && collections_ >= 2 && clock.waiters() == 3; }));
  EXPECT_EQ(fact_value(), 100);
  clock.advance(60s);
  ASSERT_TRUE(eventually([&] { return fact_value() == 300; }));
  collector.stop();
  EXPECT_EQ(discoveries_, 3);
  const auto families = metrics_.collect();
  double inventory_errors = -1;
  for (const auto& sample : families.back().samples) {
    if (sample.labels[0].value == "inventory") inventory_errors = sample.value;
  }
  EXPECT_EQ(inventory_errors, 1);
}

}  // namespace
}  // namespace rds_exporter::snapshot
