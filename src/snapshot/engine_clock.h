#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>

namespace rds_exporter::snapshot {

// The engine's time: what the loops read and how they wait. Injectable, so that the scheduler's tests move time
// themselves instead of sleeping.
class EngineClock {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;

  virtual ~EngineClock() = default;
  virtual SteadyTime steady_now() const = 0;
  virtual WallTime wall_now() const = 0;
  // With `lock` held on the mutex `wake` is used with: waits until `ready()`, `deadline` or a stop request,
  // whichever comes first. Returns ready().
  virtual bool wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable_any& wake, std::stop_token stop,
                          SteadyTime deadline, const std::function<bool()>& ready) = 0;
};

// The real clocks.
class SystemEngineClock final : public EngineClock {
 public:
  SteadyTime steady_now() const override { return std::chrono::steady_clock::now(); }
  WallTime wall_now() const override { return std::chrono::system_clock::now(); }
  bool wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable_any& wake, std::stop_token stop,
                  SteadyTime deadline, const std::function<bool()>& ready) override {
    return wake.wait_until(lock, stop, deadline, ready);
  }
};

EngineClock& system_engine_clock();

}  // namespace rds_exporter::snapshot
