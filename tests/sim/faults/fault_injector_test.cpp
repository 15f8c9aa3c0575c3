#include "sim/faults/fault_injector.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rds_exporter::sim {
namespace {

using std::chrono::milliseconds;

FaultRule rule(std::string service, std::string operation) {
  FaultRule rule;
  rule.service = std::move(service);
  rule.operation = std::move(operation);
  return rule;
}

std::vector<FaultDecision> decisions(FaultInjector& injector, int count) {
  std::vector<FaultDecision> out;
  for (int i = 0; i < count; ++i) out.push_back(injector.decide("rds", "DescribeDBInstances", WireProtocol::kQuery));
  return out;
}

FaultPlan mixed_plan() {
  FaultRule any = rule("*", "*");
  any.latency = {5, 20};
  any.throttle_probability = 0.2;
  any.server_error_probability = 0.2;
  any.drop_connection_probability = 0.2;
  any.truncate_body_probability = 0.2;
  any.malformed_body_probability = 0.2;
  return {{any}, std::nullopt};
}

TEST(SimFaultInjector, WithoutRulesEveryRequestPassesAtOnce) {
  FaultInjector injector(1);
  for (const auto& decision : decisions(injector, 50)) EXPECT_EQ(decision, FaultDecision{});
}

TEST(SimFaultInjector, TheSameSeedGivesTheSameSequence) {
  FaultInjector first(42, mixed_plan());
  FaultInjector second(42, mixed_plan());
  FaultInjector other(43, mixed_plan());
  const auto sequence = decisions(first, 200);
  EXPECT_EQ(sequence, decisions(second, 200));
  EXPECT_NE(sequence, decisions(other, 200));
}

TEST(SimFaultInjector, ASeedInThePlanRestartsTheDraws) {
  FaultPlan plan = mixed_plan();
  plan.seed = 7;
  FaultInjector injector(1, plan);
  const auto sequence = decisions(injector, 50);
  injector.replace(plan);
  EXPECT_EQ(decisions(injector, 50), sequence);
}

TEST(SimFaultInjector, ProbabilityOneAlwaysFiresAndZeroNever) {
  FaultRule always = rule("rds", "DescribeDBInstances");
  always.throttle_probability = 1;
  FaultInjector injector(3, {{always}, std::nullopt});
  for (const auto& decision : decisions(injector, 500)) {
    ASSERT_EQ(decision.action, FaultAction::kError);
    EXPECT_EQ(decision.error, (ApiError{400, "Throttling", "Rate exceeded"}));
    EXPECT_EQ(decision.outcome, "fault:Throttling");
    EXPECT_EQ(decision.delay, milliseconds(0));
  }
  FaultRule never = rule("rds", "DescribeDBInstances");
  never.latency = {10, 0};
  injector.replace({{never}, std::nullopt});
  for (const auto& decision : decisions(injector, 500)) {
    EXPECT_EQ(decision.action, FaultAction::kPass);
    EXPECT_EQ(decision.delay, milliseconds(10));
    EXPECT_EQ(decision.outcome, "");
  }
}

TEST(SimFaultInjector, EachFaultFiresAboutAsOftenAsItsProbabilitySays) {
  FaultRule quarter = rule("*", "*");
  quarter.drop_connection_probability = 0.25;
  FaultInjector injector(11, {{quarter}, std::nullopt});
  int dropped = 0;
  for (const auto& decision : decisions(injector, 4000)) dropped += decision.action == FaultAction::kDropConnection;
  EXPECT_GT(dropped, 900);
  EXPECT_LT(dropped, 1100);
}

TEST(SimFaultInjector, JitterStaysWithinItsBoundsAndVaries) {
  FaultRule jittery = rule("*", "*");
  jittery.latency = {100, 50};
  FaultInjector injector(5, {{jittery}, std::nullopt});
  milliseconds lowest{1000};
  milliseconds highest{0};
  for (const auto& decision : decisions(injector, 1000)) {
    lowest = std::min(lowest, decision.delay);
    highest = std::max(highest, decision.delay);
  }
  EXPECT_EQ(lowest, milliseconds(100));
  EXPECT_EQ(highest, milliseconds(150));
}

TEST(SimFaultInjector, TheMostSpecificRuleApplies) {
  FaultRule everything = rule("*", "*");
  everything.drop_connection_probability = 1;
  FaultRule rds = rule("rds", "*");
  rds.truncate_body_probability = 1;
  FaultRule describe = rule("rds", "DescribeDBInstances");
  describe.malformed_body_probability = 1;
  FaultInjector injector(1, {{everything, rds, describe}, std::nullopt});
  EXPECT_EQ(injector.decide("rds", "DescribeDBInstances", WireProtocol::kQuery).action, FaultAction::kMalformBody);
  EXPECT_EQ(injector.decide("rds", "DescribeDBClusters", WireProtocol::kQuery).action, FaultAction::kTruncateBody);
  EXPECT_EQ(injector.decide("monitoring", "GetMetricData", WireProtocol::kJson).action, FaultAction::kDropConnection);
  EXPECT_EQ(injector.decide("monitoring", "GetMetricData", WireProtocol::kJson).outcome, "fault:drop");
}

TEST(SimFaultInjector, ThrottlingIsTriedBeforeServerErrors) {
  FaultRule both = rule("*", "*");
  both.throttle_probability = 1;
  both.server_error_probability = 1;
  FaultInjector injector(1, {{both}, std::nullopt});
  EXPECT_EQ(injector.decide("sts", "AssumeRole", WireProtocol::kQuery).outcome, "fault:Throttling");
}

TEST(SimFaultInjector, ErrorsAreTheServicesOwn) {
  FaultRule failing = rule("*", "*");
  failing.server_error_probability = 1;
  FaultInjector injector(1, {{failing}, std::nullopt});
  EXPECT_EQ(injector.decide("rds", "DescribeDBInstances", WireProtocol::kQuery).error->code, "InternalFailure");
  EXPECT_EQ(injector.decide("monitoring", "GetMetricData", WireProtocol::kJson).error->code, "InternalServiceError");
  failing.server_error_status = 503;
  injector.replace({{failing}, std::nullopt});
  const auto unavailable = injector.decide("rds", "DescribeDBInstances", WireProtocol::kQuery);
  EXPECT_EQ(unavailable.error->http_status, 503);
  EXPECT_EQ(unavailable.error->code, "ServiceUnavailable");
  EXPECT_EQ(unavailable.outcome, "fault:ServiceUnavailable");

  EXPECT_EQ(throttling_error(WireProtocol::kRest), (ApiError{429, "TooManyRequestsException", "Too Many Requests"}));
  EXPECT_EQ(throttling_error(WireProtocol::kJson).code, "Throttling");
}

TEST(SimFaultInjector, ClearStopsEveryFault) {
  FaultInjector injector(1, mixed_plan());
  injector.clear();
  EXPECT_TRUE(injector.plan().rules.empty());
  for (const auto& decision : decisions(injector, 50)) EXPECT_EQ(decision, FaultDecision{});
}

TEST(SimFaultInjector, ManyThreadsDrawTheSameMultisetAsOne) {
  FaultInjector serial(9, mixed_plan());
  int serial_faults = 0;
  for (const auto& decision : decisions(serial, 4000)) serial_faults += decision.action != FaultAction::kPass;

  FaultInjector shared(9, mixed_plan());
  std::atomic<int> shared_faults{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (const auto& decision : decisions(shared, 1000)) shared_faults += decision.action != FaultAction::kPass;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(shared_faults.load(), serial_faults);
}

}  // namespace
}  // namespace rds_exporter::sim
