#include "snapshot/scaled_engine_clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace rds_exporter::snapshot {
namespace {

using namespace std::chrono_literals;

// Real time measured around `body`, and what the scaled clock says passed meanwhile.
TEST(ScaledEngineClock, WallAndSteadyTimeRunKTimesFasterThanRealTime) {
  ScaledEngineClock clock(20);
  const auto real_steady = std::chrono::steady_clock::now();
  const auto real_wall = std::chrono::system_clock::now();
  const auto steady = clock.steady_now();
  const auto wall = clock.wall_now();
  std::this_thread::sleep_for(200ms);
  const auto steady_passed = clock.steady_now() - steady;
  const auto wall_passed = clock.wall_now() - wall;
  const auto real_passed = std::chrono::steady_clock::now() - real_steady;
  // 20 times the real time that passed, give or take the real time between the readings (generous: a loaded
  // machine may preempt the test between two of them).
  EXPECT_GE(steady_passed, 20 * 200ms);
  EXPECT_LE(steady_passed, 20 * real_passed);
  EXPECT_NEAR(std::chrono::duration<double>(wall_passed).count(), std::chrono::duration<double>(steady_passed).count(),
              20 * 0.05);
  // From construction on, its wall time is ahead of real time by (K - 1) times the real time since.
  EXPECT_LT(std::chrono::abs(wall - real_wall), 50ms * 20);
}

TEST(ScaledEngineClock, WallTimeRunsFromTheGivenOrigin) {
  // rds_sim started 10 real seconds ago at time scale 30: its data clock (and this one) are 300 s past it.
  const auto origin = std::chrono::system_clock::now() - 10s;
  ScaledEngineClock clock(30, origin);
  EXPECT_NEAR(std::chrono::duration<double>(clock.wall_now() - origin).count(), 300.0, 30 * 0.05);
}

TEST(ScaledEngineClock, ABackdatedWallClockStartsBehindTheOrigin) {
  // rds_sim --time-scale 30 --time-backdate 1800 started 10 real seconds ago: 1,500 s behind real time now.
  const auto origin = std::chrono::system_clock::now() - 10s;
  ScaledEngineClock clock(30, origin, 1800s);
  EXPECT_NEAR(std::chrono::duration<double>(clock.wall_now() - origin).count(), 300.0 - 1800.0, 30 * 0.05);
}

TEST(ScaledEngineClock, FactorOneIsRealTime) {
  ScaledEngineClock clock(1);
  EXPECT_LT(std::chrono::abs(clock.wall_now() - std::chrono::system_clock::now()), 100ms);
  EXPECT_LT(std::chrono::abs(clock.steady_now() - std::chrono::steady_clock::now()), 100ms);
}

TEST(ScaledEngineClock, WaitsUntilTheScaledDeadlineInRealTime) {
  ScaledEngineClock clock(50);
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  std::stop_source stop;
  // Ten scaled seconds: 200 real milliseconds.
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = clock.steady_now() + 10s;
  EXPECT_FALSE(clock.wait_until(lock, wake, stop.get_token(), deadline, [] { return false; }));
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(clock.steady_now(), deadline);
  EXPECT_GE(waited, 195ms);
  EXPECT_LT(waited, 2s);
  EXPECT_EQ(clock.real_deadline(EngineClock::SteadyTime::max()), EngineClock::SteadyTime::max());
}

TEST(ScaledEngineClock, AWaitEndsAtOnceOnAStopRequestOrWhenReady) {
  ScaledEngineClock clock(10);
  std::mutex mutex;
  std::condition_variable_any wake;
  std::stop_source stop;
  bool ready = false;
  // A deadline an hour of scaled time away (six real minutes), and one that never comes.
  for (const auto deadline : {clock.steady_now() + 1h, EngineClock::SteadyTime::max()}) {
    std::stop_source source;
    std::jthread stopper([&source] {
      std::this_thread::sleep_for(50ms);
      source.request_stop();
    });
    std::unique_lock lock(mutex);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(clock.wait_until(lock, wake, source.get_token(), deadline, [&ready] { return ready; }));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  }
  std::jthread notifier([&] {
    std::this_thread::sleep_for(50ms);
    {
      const std::lock_guard guard(mutex);
      ready = true;
    }
    wake.notify_all();
  });
  std::unique_lock lock(mutex);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(clock.wait_until(lock, wake, stop.get_token(), clock.steady_now() + 1h, [&ready] { return ready; }));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

}  // namespace
}  // namespace rds_exporter::snapshot
