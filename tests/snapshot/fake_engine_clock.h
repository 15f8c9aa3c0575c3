#pragma once

#include "snapshot/engine_clock.h"

#include <atomic>
#include <chrono>

namespace rds_exporter::snapshot::testing {

// Time that moves only when a test says so. A waiting loop looks at the fake time every real millisecond, so
// a test advances the clock and then waits (with a generous real bound) for what should follow.
class FakeEngineClock final : public EngineClock {
 public:
  SteadyTime steady_now() const override { return steady_.load(); }
  WallTime wall_now() const override { return wall_.load(); }

  bool wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable_any& wake, std::stop_token stop,
                  SteadyTime deadline, const std::function<bool()>& ready) override {
    ++waiters_;
    while (!ready() && !stop.stop_requested() && steady_now() < deadline) {
      wake.wait_for(lock, stop, std::chrono::milliseconds(1), ready);
    }
    --waiters_;
    return ready();
  }

  // Threads waiting on this clock now: a test advances time once the loops it drives are parked, so that none
  // computes its next deadline from a time already moved.
  int waiters() const { return waiters_.load(); }

  void advance(std::chrono::seconds by) {
    steady_.store(steady_.load() + by);
    wall_.store(wall_.load() + by);
  }

 private:
  std::atomic<SteadyTime> steady_{SteadyTime{} + std::chrono::hours(1000)};
  std::atomic<WallTime> wall_{std::chrono::system_clock::now()};
  std::atomic<int> waiters_{0};
};

}  // namespace rds_exporter::snapshot::testing
