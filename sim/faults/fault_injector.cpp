#include "sim/faults/fault_injector.h"

namespace rds_exporter::sim {
namespace {

// 2^53 steps: every double in [0, 1) a draw can give is exact, so `draw < 1` always holds and `draw < 0` never.
constexpr std::uint64_t kUnitSteps = std::uint64_t{1} << 53;

bool fires(DeterministicRandom& random, double probability) {
  return static_cast<double>(random.below(kUnitSteps)) / static_cast<double>(kUnitSteps) < probability;
}

}  // namespace

FaultInjector::FaultInjector(std::uint64_t seed, FaultPlan plan) : plan_(std::move(plan)), random_(seed) {
  if (plan_.seed) random_ = DeterministicRandom(*plan_.seed);
}

FaultDecision FaultInjector::decide(std::string_view service, std::string_view operation, WireProtocol protocol,
                                    const Scope& scope) {
  const std::lock_guard lock(mutex_);
  const FaultRule* rule = plan_.rule_for(service, operation, scope);
  if (rule == nullptr) return {};
  FaultDecision decision;
  // Every draw is made whatever the outcome, so one request's rule never shifts the draws of the next.
  const auto jitter = static_cast<int>(random_.below(static_cast<std::uint64_t>(rule->latency.jitter_ms) + 1));
  decision.delay = std::chrono::milliseconds(rule->latency.fixed_ms + jitter);
  const bool throttle = fires(random_, rule->throttle_probability);
  const bool server_fault = fires(random_, rule->server_error_probability);
  const bool drop = fires(random_, rule->drop_connection_probability);
  const bool truncate = fires(random_, rule->truncate_body_probability);
  const bool malform = fires(random_, rule->malformed_body_probability);
  if (throttle) {
    decision.action = FaultAction::kError;
    decision.error = throttling_error(protocol);
  } else if (server_fault) {
    decision.action = FaultAction::kError;
    decision.error = server_error(service, rule->server_error_status);
  } else if (drop) {
    decision.action = FaultAction::kDropConnection;
    decision.outcome = "fault:drop";
  } else if (truncate) {
    decision.action = FaultAction::kTruncateBody;
    decision.outcome = "fault:truncate";
  } else if (malform) {
    decision.action = FaultAction::kMalformBody;
    decision.outcome = "fault:malformed";
  }
  if (decision.error) decision.outcome = "fault:" + decision.error->code;
  return decision;
}

void FaultInjector::replace(FaultPlan plan) {
  const std::lock_guard lock(mutex_);
  if (plan.seed) random_ = DeterministicRandom(*plan.seed);
  plan_ = std::move(plan);
}

FaultPlan FaultInjector::plan() const {
  const std::lock_guard lock(mutex_);
  return plan_;
}

}  // namespace rds_exporter::sim
