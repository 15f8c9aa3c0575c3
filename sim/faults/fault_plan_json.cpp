#include "sim/faults/fault_plan_json.h"

#include "common/nearest_name.h"
#include "sim/faults/fault_plan_keys.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace rds_exporter::sim {
namespace {

using Json = nlohmann::ordered_json;

// Reads one JSON object key by key, collecting problems under the object's path as the YAML reader does.
class JsonFields {
 public:
  JsonFields(const Json& object, std::string path, std::span<const std::string_view> known,
             std::vector<std::string>& problems)
      : object_(object), path_(std::move(path)), problems_(problems) {
    const std::vector<std::string> names(known.begin(), known.end());
    for (const auto& [key, value] : object.items()) {
      if (std::find(names.begin(), names.end(), key) != names.end()) continue;
      std::string message = "unknown key '" + key + "'";
      if (const auto suggestion = common::nearest_name(key, names)) message += "; did you mean '" + *suggestion + "'?";
      problems_.push_back((path_.empty() ? "" : path_ + ": ") + message);
    }
  }

  std::string key_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  void problem(std::string_view key, std::string_view message) {
    problems_.push_back(key_path(key) + ": " + std::string(message));
  }

  const Json* find(std::string_view key) const {
    const auto it = object_.find(std::string(key));
    return it == object_.end() ? nullptr : &*it;
  }

  std::optional<std::string> text(std::string_view key) {
    const Json* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) return value->get<std::string>();
    problem(key, "expected a string, got " + value->dump());
    return std::nullopt;
  }

  std::optional<double> number(std::string_view key) {
    const Json* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_number()) return value->get<double>();
    problem(key, "expected a number, got " + value->dump());
    return std::nullopt;
  }

  std::optional<long long> integer(std::string_view key) {
    const Json* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_number_integer()) return value->get<long long>();
    problem(key, "expected a whole number, got " + value->dump());
    return std::nullopt;
  }

 private:
  const Json& object_;
  std::string path_;
  std::vector<std::string>& problems_;
};

// A whole number as a rule holds it; fault_rule_problems refuses what is out of range, and values beyond int
// stay out of range once clamped.
int as_int(long long value) {
  return static_cast<int>(
      std::clamp<long long>(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

FaultRule read_rule(const Json& item, const std::string& path, std::vector<std::string>& problems) {
  JsonFields fields(item, path, kFaultRuleKeys, problems);
  FaultRule rule;
  if (fields.find("service") == nullptr) fields.problem("service", "missing (required)");
  rule.service = fields.text("service").value_or("*");
  rule.operation = fields.text("operation").value_or("*");
  rule.account = fields.text("account").value_or("");
  rule.region = fields.text("region").value_or("");
  rule.latency.fixed_ms = as_int(fields.integer("latency_ms").value_or(0));
  rule.latency.jitter_ms = as_int(fields.integer("jitter_ms").value_or(0));
  rule.throttle_probability = fields.number("throttle").value_or(0);
  rule.server_error_probability = fields.number("server_error").value_or(0);
  rule.server_error_status = as_int(fields.integer("server_error_status").value_or(500));
  rule.drop_connection_probability = fields.number("drop_connection").value_or(0);
  rule.truncate_body_probability = fields.number("truncate_body").value_or(0);
  rule.malformed_body_probability = fields.number("malformed_body").value_or(0);
  for (const auto& [key, message] : fault_rule_problems(rule)) fields.problem(key, message);
  return rule;
}

}  // namespace

FaultPlanOrProblems parse_fault_plan_json(std::string_view body) {
  const Json root = Json::parse(body, nullptr, false);
  if (root.is_discarded()) return std::vector<std::string>{"the body is not JSON"};
  if (!root.is_object()) return std::vector<std::string>{"expected an object with seed and rules"};
  std::vector<std::string> problems;
  JsonFields fields(root, "", kFaultPlanKeys, problems);
  FaultPlan plan;
  if (const Json* seed = fields.find("seed")) {
    if (seed->is_number_unsigned()) {
      plan.seed = seed->get<unsigned long long>();
    } else {
      fields.problem("seed", "expected a whole number from 0, got " + seed->dump());
    }
  }
  if (const Json* rules = fields.find("rules")) {
    if (!rules->is_array()) {
      fields.problem("rules", "expected a list of rules");
    } else {
      for (std::size_t i = 0; i < rules->size(); ++i) {
        const std::string path = "rules[" + std::to_string(i) + "]";
        if (!(*rules)[i].is_object()) {
          problems.push_back(path + ": expected an object, got " + (*rules)[i].dump());
          continue;
        }
        FaultRule rule = read_rule((*rules)[i], path, problems);
        if (auto problem = repeated_rule_problem(plan, rule)) problems.push_back(path + ".operation: " + *problem);
        plan.rules.push_back(std::move(rule));
      }
    }
  }
  if (!problems.empty()) return problems;
  return plan;
}

std::string fault_plan_json(const FaultPlan& plan) {
  Json rules = Json::array();
  for (const auto& rule : plan.rules) {
    rules.push_back({{"service", rule.service},
                     {"operation", rule.operation},
                     {"latency_ms", rule.latency.fixed_ms},
                     {"jitter_ms", rule.latency.jitter_ms},
                     {"throttle", rule.throttle_probability},
                     {"server_error", rule.server_error_probability},
                     {"server_error_status", rule.server_error_status},
                     {"drop_connection", rule.drop_connection_probability},
                     {"truncate_body", rule.truncate_body_probability},
                     {"malformed_body", rule.malformed_body_probability}});
    // Only scoped rules name a scope, so plans without scopes read back as they did before there were any.
    if (!rule.account.empty()) rules.back()["account"] = rule.account;
    if (!rule.region.empty()) rules.back()["region"] = rule.region;
  }
  Json out = Json::object();
  if (plan.seed) out["seed"] = *plan.seed;
  out["rules"] = std::move(rules);
  return out.dump();
}

}  // namespace rds_exporter::sim
