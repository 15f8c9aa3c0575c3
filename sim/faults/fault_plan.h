#pragma once

#include "sim/fleet/fleet.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace rds_exporter::sim {

// Added latency: `fixed_ms` always, plus a uniform draw from 0 to `jitter_ms`.
struct LatencySpec {
  int fixed_ms = 0;
  int jitter_ms = 0;

  bool operator==(const LatencySpec&) const = default;
};

// What may go wrong with the requests one rule covers. Each probability is from 0 to 1; the faults are tried in
// the order of the members below and the first that fires wins, so a request suffers at most one.
struct FaultRule {
  // A service name as RequestStats counts it ("rds", "monitoring", "pi", "logs", "sts", "imds", "container", "sso"), or "*".
  std::string service = "*";
  // An operation of that service ("DescribeDBInstances"), or "*".
  std::string operation = "*";
  // Empty: any. Else only requests whose caller is in this account / signed for this region (a scope, so that
  // one account or region can be made slow or broken while the others answer).
  std::string account;
  std::string region;
  LatencySpec latency;
  double throttle_probability = 0;
  double server_error_probability = 0;
  // 500 (InternalFailure) or 503 (ServiceUnavailable), what server errors answer with.
  int server_error_status = 500;
  double drop_connection_probability = 0;
  double truncate_body_probability = 0;
  double malformed_body_probability = 0;

  bool operator==(const FaultRule&) const = default;
};

// The faults the simulator injects, set in the fleet file and changed at runtime through the admin API. A
// request follows the most specific rule that covers it: its service and operation, else its service and "*",
// else "*" and "*"; with none, it passes untouched.
struct FaultPlan {
  std::vector<FaultRule> rules;
  // Reseeds the injector's random draws when set, so that a test sees the same sequence on every run.
  std::optional<unsigned long long> seed;

  bool operator==(const FaultPlan&) const = default;

  // Among the rules whose account and region (when set) are the scope's, the most specific: by service and
  // operation first, then one naming an account and a region, an account, a region, neither.
  const FaultRule* rule_for(std::string_view service, std::string_view operation, const Scope& scope = {}) const;
};

// A plan, or every problem found in it.
using FaultPlanOrProblems = std::variant<FaultPlan, std::vector<std::string>>;

// The services a rule may name: those the simulator serves, by the names RequestStats counts them under.
std::vector<std::string> fault_services();

// Why a rule's values cannot be used: (key, what is wrong) pairs, the key as the fleet file and the admin JSON
// name it ("throttle"), or nothing. Both readers check rules here, so the two accept exactly the same.
std::vector<std::pair<std::string, std::string>> fault_rule_problems(const FaultRule& rule);

// Why `rule` cannot join `plan`: another rule there covers the same service, operation, account and region.
std::optional<std::string> repeated_rule_problem(const FaultPlan& plan, const FaultRule& rule);

// The longest latency a rule may add, fixed or jitter: beyond it a client's own timeout is what gets tested.
inline constexpr int kMaxLatencyMs = 600'000;

}  // namespace rds_exporter::sim
