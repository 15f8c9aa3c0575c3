#pragma once

#include "sim/faults/fault_decision.h"
#include "sim/faults/fault_plan.h"
#include "sim/fleet/deterministic_random.h"

#include <cstdint>
#include <mutex>
#include <string_view>

namespace rds_exporter::sim {

// Decides, request by request, which fault of the current FaultPlan to inject. The draws come from one seeded
// generator under a mutex, so requests arriving one after another see the same sequence for a seed on every
// platform; the plan can be replaced while requests run. Thread-safe.
class FaultInjector {
 public:
  explicit FaultInjector(std::uint64_t seed, FaultPlan plan = {});

  // `scope`: the caller's account (empty when unknown) and the signed region (empty for unsigned requests).
  FaultDecision decide(std::string_view service, std::string_view operation, WireProtocol protocol,
                       const Scope& scope = {});

  // Takes effect from the next decision; a plan with a seed restarts the draws from it.
  void replace(FaultPlan plan);
  void clear() { replace({}); }
  FaultPlan plan() const;

 private:
  mutable std::mutex mutex_;
  FaultPlan plan_;
  DeterministicRandom random_;
};

}  // namespace rds_exporter::sim
