#include "sim/faults/fault_plan_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> problems_of(std::string_view body) {
  auto parsed = parse_fault_plan_json(body);
  if (std::holds_alternative<FaultPlan>(parsed)) return {};
  return std::get<std::vector<std::string>>(parsed);
}

TEST(SimFaultPlanJson, ReadsEveryKey) {
  const auto parsed = parse_fault_plan_json(R"({"seed": 7, "rules": [
      {"service": "rds", "operation": "DescribeDBInstances", "latency_ms": 100, "jitter_ms": 50, "throttle": 0.5,
       "server_error": 0.25, "server_error_status": 503, "drop_connection": 0.1, "truncate_body": 0.05,
       "malformed_body": 1},
      {"service": "*"}]})");
  ASSERT_TRUE(std::holds_alternative<FaultPlan>(parsed)) << ::testing::PrintToString(problems_of(""));
  const FaultPlan& plan = std::get<FaultPlan>(parsed);
  EXPECT_EQ(plan.seed, 7u);
  ASSERT_EQ(plan.rules.size(), 2u);
  const FaultRule& rds = plan.rules[0];
  EXPECT_EQ(rds.operation, "DescribeDBInstances");
  EXPECT_EQ(rds.latency, (LatencySpec{100, 50}));
  EXPECT_EQ(rds.throttle_probability, 0.5);
  EXPECT_EQ(rds.server_error_probability, 0.25);
  EXPECT_EQ(rds.server_error_status, 503);
  EXPECT_EQ(rds.drop_connection_probability, 0.1);
  EXPECT_EQ(rds.truncate_body_probability, 0.05);
  EXPECT_EQ(rds.malformed_body_probability, 1);
  EXPECT_EQ(plan.rules[1], FaultRule{});
}

TEST(SimFaultPlanJson, WritesWhatItReads) {
  FaultRule rule;
  rule.service = "monitoring";
  rule.operation = "GetMetricData";
  rule.latency = {3, 4};
  rule.throttle_probability = 0.125;
  rule.server_error_status = 503;
  const FaultPlan plan{{rule, FaultRule{}}, 99};
  const auto round_trip = parse_fault_plan_json(fault_plan_json(plan));
  ASSERT_TRUE(std::holds_alternative<FaultPlan>(round_trip));
  EXPECT_EQ(std::get<FaultPlan>(round_trip), plan);
  EXPECT_EQ(fault_plan_json({}), R"({"rules":[]})");
}

TEST(SimFaultPlanJson, ReportsEveryProblemWithItsPath) {
  EXPECT_THAT(
      problems_of(R"({"seed": -1, "rulez": [], "rules": [
      {"service": "rdss", "throttle": 1.5, "latency_ms": -3, "server_error_status": 502, "drop_conection": 1},
      {"operation": "DescribeDBInstances", "truncate_body": "often"},
      {"service": "rds"}, {"service": "rds"}, 3]})"),
      ElementsAre("unknown key 'rulez'; did you mean 'rules'?",  //
                  "seed: expected a whole number from 0, got -1",
                  "rules[0]: unknown key 'drop_conection'; did you mean 'drop_connection'?",
                  "rules[0].service: unknown service 'rdss'; did you mean 'rds'? (known: rds, monitoring, "
                  "pi, logs, sts, organizations, imds, container, sso, *)",
                  "rules[0].latency_ms: expected milliseconds from 0 to 600000, got -3",
                  "rules[0].throttle: expected a probability from 0 to 1, got 1.5",
                  "rules[0].server_error_status: expected 500 (InternalFailure) or 503 "
                  "(ServiceUnavailable), got 502",
                  "rules[1].service: missing (required)", "rules[1].truncate_body: expected a number, got \"often\"",
                  "rules[1].operation: a rule for one operation names its service too",
                  "rules[3].operation: another rule already covers service 'rds', operation '*'",
                  "rules[4]: expected an object, got 3"));
  EXPECT_THAT(problems_of("{"), ElementsAre("the body is not JSON"));
  EXPECT_THAT(problems_of("[]"), ElementsAre("expected an object with seed and rules"));
}

}  // namespace
}  // namespace rds_exporter::sim
