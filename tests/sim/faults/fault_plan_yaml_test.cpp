#include "sim/faults/fault_plan_yaml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace rds_exporter::sim {
namespace {

using ::testing::ElementsAre;

struct Read {
  FaultPlan plan;
  std::vector<std::string> problems;
};

Read read(const std::string& yaml) {
  auto parsed = parse_fault_plan_yaml(yaml, "fleet.yaml");
  if (auto* problems = std::get_if<std::vector<std::string>>(&parsed)) return {{}, *problems};
  return {std::get<FaultPlan>(parsed), {}};
}

TEST(SimFaultPlanYaml, ReadsTheFaultsSection) {
  const Read result = read(R"(
instances: []
faults:
  seed: 12
  rules:
    - service: rds
      operation: DescribeDBInstances
      latency_ms: 250
      jitter_ms: 100
      throttle: 0.5
      server_error: 1
      server_error_status: 503
      drop_connection: 0
      truncate_body: 0.1
      malformed_body: 0.2
    - {service: monitoring, throttle: 1}
)");
  EXPECT_THAT(result.problems, ElementsAre());
  EXPECT_EQ(result.plan.seed, 12u);
  ASSERT_EQ(result.plan.rules.size(), 2u);
  const FaultRule& rds = result.plan.rules[0];
  EXPECT_EQ(rds.service, "rds");
  EXPECT_EQ(rds.operation, "DescribeDBInstances");
  EXPECT_EQ(rds.latency, (LatencySpec{250, 100}));
  EXPECT_EQ(rds.throttle_probability, 0.5);
  EXPECT_EQ(rds.server_error_probability, 1);
  EXPECT_EQ(rds.server_error_status, 503);
  EXPECT_EQ(rds.truncate_body_probability, 0.1);
  EXPECT_EQ(rds.malformed_body_probability, 0.2);
  EXPECT_EQ(result.plan.rules[1].operation, "*");
  EXPECT_EQ(result.plan.rules[1].throttle_probability, 1);
}

TEST(SimFaultPlanYaml, AnAbsentSectionIsAnEmptyPlan) {
  const Read result = read("instances: []\n");
  EXPECT_THAT(result.problems, ElementsAre());
  EXPECT_EQ(result.plan, FaultPlan{});
}

TEST(SimFaultPlanYaml, ReportsProblemsWithLineAndKeyPath) {
  const Read result = read(R"(faults:
  seed: -4
  rules:
    - service: rds
      throttle: 2
      latency_ms: 700000
    - service: sts
      operation: AssumeRole
      server_error: often
      server_error_status: 404
      trottle: 1
    - service: sts
      operation: AssumeRole
    - service: monitorin
    - just a string
)");
  EXPECT_THAT(
      result.problems,
      ElementsAre("fleet.yaml:2: faults.seed: expected a whole number from 0 to 9223372036854775807, got '-4'",
                  "fleet.yaml:5: faults.rules[0].throttle: expected a probability from 0 to 1, got 2",
                  "fleet.yaml:6: faults.rules[0].latency_ms: expected a whole number from 0 to 600000, got '700000'",
                  "fleet.yaml:9: faults.rules[1].server_error: expected a probability from 0 to 1, got 'often'",
                  "fleet.yaml:10: faults.rules[1].server_error_status: expected 500 (InternalFailure) or 503 "
                  "(ServiceUnavailable), got 404",
                  "fleet.yaml:11: faults.rules[1]: unknown key 'trottle'; did you mean 'throttle'?",
                  "fleet.yaml:13: faults.rules[2].operation: another rule already covers service 'sts', operation "
                  "'AssumeRole'",
                  "fleet.yaml:14: faults.rules[3].service: unknown service 'monitorin'; did you mean 'monitoring'? "
                  "(known: rds, monitoring, pi, logs, sts, organizations, imds, container, sso, *)",
                  "fleet.yaml:15: faults.rules[4]: expected a mapping, got 'just a string'"));
}

TEST(SimFaultPlanYaml, ASectionThatIsNotAMappingIsReported) {
  EXPECT_THAT(read("faults: [1, 2]\n").problems,
              ElementsAre("fleet.yaml:1: faults: expected a mapping with seed and rules, got a list"));
  EXPECT_THAT(read("faults: {\n").problems.size(), 1u);
}

TEST(SimFaultPlanYaml, ReadsTheSectionFromAFile) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "faults_fleet.yaml";
  std::ofstream(path) << "account_id: \"123456789012\"\nfaults:\n  rules: [{service: sts, throttle: 1}]\n";
  const auto loaded = load_fault_plan_file(path);
  ASSERT_TRUE(std::holds_alternative<FaultPlan>(loaded));
  EXPECT_EQ(std::get<FaultPlan>(loaded).rules.at(0).service, "sts");
  EXPECT_THAT(std::get<std::vector<std::string>>(load_fault_plan_file(path.string() + ".missing")),
              ElementsAre(path.string() + ".missing: cannot be read"));
}

}  // namespace
}  // namespace rds_exporter::sim
