#pragma once

#include "snapshot/engine_clock.h"

#include <chrono>
#include <cstdint>
#include <optional>

namespace rds_exporter::snapshot {

// For tests and benchmarks against rds_sim --time-scale only (--testing.time-scale): the engine's wall and steady
// time run `factor` times faster than real time from the clock's origin, now = origin + factor * (real - origin),
// so that half an hour of collection cycles passes in 30 / factor real minutes. The steady origin is the moment of
// construction; the wall origin is `wall_origin` when given (rds_sim's start, GET /_sim/clock, so that both agree
// on what time it is), else that moment too, and the wall clock starts `backdate` behind it, as rds_sim's data
// clock does with --time-backdate: wall = origin - backdate + factor * (real - origin). Waits convert their scaled
// deadline back to real time and stay cancellable by their stop token.
class ScaledEngineClock final : public EngineClock {
 public:
  explicit ScaledEngineClock(std::int64_t factor, std::optional<WallTime> wall_origin = std::nullopt,
                             std::chrono::seconds backdate = std::chrono::seconds(0))
      : factor_(factor < 1 ? 1 : factor),
        backdate_(backdate),
        steady_origin_(std::chrono::steady_clock::now()),
        wall_origin_(wall_origin.value_or(std::chrono::system_clock::now())) {}

  SteadyTime steady_now() const override {
    return steady_origin_ + factor_ * (std::chrono::steady_clock::now() - steady_origin_);
  }
  WallTime wall_now() const override {
    return wall_origin_ - backdate_ + factor_ * (std::chrono::system_clock::now() - wall_origin_);
  }
  bool wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable_any& wake, std::stop_token stop,
                  SteadyTime deadline, const std::function<bool()>& ready) override {
    return wake.wait_until(lock, stop, real_deadline(deadline), ready);
  }

  // The real steady time at which steady_now() reaches `deadline` (SteadyTime::max() stays the same).
  SteadyTime real_deadline(SteadyTime deadline) const {
    if (deadline == SteadyTime::max()) return deadline;
    return steady_origin_ + (deadline - steady_origin_) / factor_;
  }
  std::int64_t factor() const { return factor_; }

 private:
  const std::int64_t factor_;
  const std::chrono::seconds backdate_;
  const SteadyTime steady_origin_;
  const WallTime wall_origin_;
};

}  // namespace rds_exporter::snapshot
