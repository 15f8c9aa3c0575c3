#include "sim/faults/fault_plan.h"

#include "common/nearest_name.h"

#include <algorithm>
#include <sstream>

namespace rds_exporter::sim {
namespace {

std::string probability_problem(double value) {
  // Written so that NaN, which compares false with everything, is refused too.
  if (value >= 0 && value <= 1) return "";
  std::ostringstream text;
  text << "expected a probability from 0 to 1, got " << value;
  return text.str();
}

}  // namespace

const FaultRule* FaultPlan::rule_for(std::string_view service, std::string_view operation, const Scope& scope) const {
  const FaultRule* best = nullptr;
  int best_rank = -1;
  for (const auto& rule : rules) {
    int rank = 0;
    if (rule.service == service && rule.operation == operation) {
      rank = 8;
    } else if (rule.service == service && rule.operation == "*") {
      rank = 4;
    } else if (rule.service != "*" || rule.operation != "*") {
      continue;
    }
    if (!rule.account.empty()) {
      if (rule.account != scope.account_id) continue;
      rank += 2;
    }
    if (!rule.region.empty()) {
      if (rule.region != scope.region) continue;
      rank += 1;
    }
    if (rank > best_rank) {
      best = &rule;
      best_rank = rank;
    }
  }
  return best;
}

std::vector<std::string> fault_services() {
  return {"rds", "monitoring", "pi", "logs", "sts", "organizations", "imds", "container", "sso"};
}

std::vector<std::pair<std::string, std::string>> fault_rule_problems(const FaultRule& rule) {
  std::vector<std::pair<std::string, std::string>> problems;
  const auto services = fault_services();
  if (rule.service != "*" && std::find(services.begin(), services.end(), rule.service) == services.end()) {
    std::string message = "unknown service '" + rule.service + "'";
    if (const auto suggestion = common::nearest_name(rule.service, services)) {
      message += "; did you mean '" + *suggestion + "'?";
    }
    std::string known;
    for (const auto& service : services) known += service + ", ";
    problems.emplace_back("service", message + " (known: " + known + "*)");
  }
  if (rule.operation.empty()) problems.emplace_back("operation", "expected an operation name or '*'");
  if (!rule.account.empty() &&
      (rule.account.size() != 12 ||
       !std::all_of(rule.account.begin(), rule.account.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
    problems.emplace_back("account", "expected 12 digits, got '" + rule.account + "'");
  }
  if (rule.service == "*" && rule.operation != "*") {
    problems.emplace_back("operation", "a rule for one operation names its service too");
  }
  const auto latency_problem = [&](const char* key, int value) {
    if (value < 0 || value > kMaxLatencyMs) {
      problems.emplace_back(
          key, "expected milliseconds from 0 to " + std::to_string(kMaxLatencyMs) + ", got " + std::to_string(value));
    }
  };
  latency_problem("latency_ms", rule.latency.fixed_ms);
  latency_problem("jitter_ms", rule.latency.jitter_ms);
  const std::pair<const char*, double> probabilities[] = {
      {"throttle", rule.throttle_probability},
      {"server_error", rule.server_error_probability},
      {"drop_connection", rule.drop_connection_probability},
      {"truncate_body", rule.truncate_body_probability},
      {"malformed_body", rule.malformed_body_probability},
  };
  for (const auto& [key, value] : probabilities) {
    if (auto problem = probability_problem(value); !problem.empty()) problems.emplace_back(key, std::move(problem));
  }
  if (rule.server_error_status != 500 && rule.server_error_status != 503) {
    problems.emplace_back("server_error_status", "expected 500 (InternalFailure) or 503 (ServiceUnavailable), got " +
                                                     std::to_string(rule.server_error_status));
  }
  return problems;
}

std::optional<std::string> repeated_rule_problem(const FaultPlan& plan, const FaultRule& rule) {
  for (const auto& other : plan.rules) {
    if (other.service == rule.service && other.operation == rule.operation && other.account == rule.account &&
        other.region == rule.region) {
      std::string problem = "another rule already covers service '" + rule.service + "', operation '" + rule.operation + "'";
      if (!rule.account.empty()) problem += ", account '" + rule.account + "'";
      if (!rule.region.empty()) problem += ", region '" + rule.region + "'";
      return problem;
    }
  }
  return std::nullopt;
}

}  // namespace rds_exporter::sim
