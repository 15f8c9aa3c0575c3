#include "sim/faults/fault_plan_yaml.h"

#include "sim/faults/fault_plan_keys.h"

#include <charconv>
#include <fstream>
#include <limits>
#include <sstream>

namespace rds_exporter::sim {
namespace {

std::optional<double> probability(YamlMapping& m, std::string_view key) {
  const auto value = m.text(key);
  if (!value) return std::nullopt;
  double number = 0;
  const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), number);
  if (error != std::errc{} || end != value->data() + value->size()) {
    m.problem(key, "expected a probability from 0 to 1, got '" + *value + "'");
    return std::nullopt;
  }
  return number;
}

FaultRule read_rule(YamlMapping& m) {
  FaultRule rule;
  rule.service = m.required_text("service").value_or("*");
  rule.operation = m.text("operation").value_or("*");
  rule.account = m.text("account").value_or("");
  rule.region = m.text("region").value_or("");
  // Out-of-range numbers are reported here; what is left in range is checked with the JSON plans' rules below.
  rule.latency.fixed_ms = static_cast<int>(m.integer("latency_ms", 0, kMaxLatencyMs).value_or(0));
  rule.latency.jitter_ms = static_cast<int>(m.integer("jitter_ms", 0, kMaxLatencyMs).value_or(0));
  rule.throttle_probability = probability(m, "throttle").value_or(0);
  rule.server_error_probability = probability(m, "server_error").value_or(0);
  rule.server_error_status = static_cast<int>(m.integer("server_error_status", 100, 599).value_or(500));
  rule.drop_connection_probability = probability(m, "drop_connection").value_or(0);
  rule.truncate_body_probability = probability(m, "truncate_body").value_or(0);
  rule.malformed_body_probability = probability(m, "malformed_body").value_or(0);
  for (const auto& [key, message] : fault_rule_problems(rule)) m.problem(key, message);
  return rule;
}

}  // namespace

FaultPlan read_fault_plan(const YAML::Node& section, const std::string& path, FleetFileProblems& problems) {
  FaultPlan plan;
  if (!section.IsDefined() || section.IsNull()) return plan;
  if (!section.IsMap()) {
    problems.add(section.Mark(), path, "expected a mapping with seed and rules, got " + describe_yaml(section));
    return plan;
  }
  YamlMapping faults(section, path, kFaultPlanKeys, problems);
  if (const auto seed = faults.integer("seed", 0, std::numeric_limits<long long>::max())) {
    plan.seed = static_cast<unsigned long long>(*seed);
  }
  for_each_mapping(faults, "rules", kFaultRuleKeys, problems, [&](YamlMapping& m) {
    FaultRule rule = read_rule(m);
    if (auto problem = repeated_rule_problem(plan, rule)) m.problem("operation", *problem);
    plan.rules.push_back(std::move(rule));
  });
  return plan;
}

FaultPlanOrProblems parse_fault_plan_yaml(const std::string& yaml, std::string_view file_name) {
  FleetFileProblems problems{std::string(file_name)};
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    problems.add(e.mark, "", "invalid YAML: " + e.msg);
    return problems.messages();
  }
  // A const node, whose operator[] looks a key up without adding it.
  const YAML::Node& top = root;
  FaultPlan plan = top.IsMap() ? read_fault_plan(top["faults"], "faults", problems) : FaultPlan{};
  if (!problems.empty()) return problems.messages();
  return plan;
}

FaultPlanOrProblems load_fault_plan_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return std::vector<std::string>{file.string() + ": cannot be read"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_fault_plan_yaml(text.str(), file.string());
}

}  // namespace rds_exporter::sim
