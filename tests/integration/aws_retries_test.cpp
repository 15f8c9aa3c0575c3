// Retries as AWS sees them: rds_sim throttles, and its own request counts must match the client's metrics
// and the attempt budget and retry quota the client promises.
#include "aws_test_home.h"
#include "rds_sim_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace rds_exporter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// "service operation value" per series of a counter family, in exposition order.
std::vector<std::string> series_of(const telemetry::CounterFamily& counter) {
  std::vector<std::string> series;
  for (const auto& sample : counter.collect().samples) {
    series.push_back(sample.labels.at(0).value + " " + sample.labels.at(1).value + " " + sample.labels.at(2).value +
                     " " + sample.labels.at(3).value + " " + std::to_string(static_cast<int>(sample.value)));
  }
  return series;
}

nlohmann::json throttling_plan(double probability) {
  return {{"seed", 7},
          {"rules", {{{"service", "rds"}, {"operation", "DescribeDBInstances"}, {"throttle", probability}}}}};
}

class AwsRetries : public AwsSimTest {
 protected:
  std::unique_ptr<aws::AwsSession> session_with_attempts(int attempts) const {
    config::Settings settings = sim_settings(sim_->base_url());
    settings.cloudwatch.retry_attempts = attempts;
    common::Environment environment = home_.environment();
    environment["AWS_ACCESS_KEY_ID"] = "AKIARDSSIMEXPORTER01";
    environment["AWS_SECRET_ACCESS_KEY"] = "rdssimExporterSecretKey0000000000000001";
    return create_session(settings, environment);
  }

  static double requests(aws::AwsSession& session, const std::string& outcome) {
    return session.metrics().requests().value({"", "ap-northeast-2", "rds", "DescribeDBInstances", outcome});
  }
  static double attempts(aws::AwsSession& session) {
    return requests(session, "success") + requests(session, "throttled");
  }

  TempHome home_;
};

TEST_F(AwsRetries, ThrottledCallsSucceedWithinTheirAttemptsAndBothSidesCountAlike) {
  sim_->set_faults(throttling_plan(0.5));
  const auto session = session_with_attempts(5);

  constexpr int kCalls = 30;
  for (int call = 0; call < kCalls; ++call) {
    const double before = attempts(*session);
    const auto instances = session->rds().describe_db_instances();
    ASSERT_TRUE(instances) << "call " << call << ": " << instances.error().describe();
    EXPECT_EQ(instances->size(), kFleetInstances);
    EXPECT_LE(attempts(*session) - before, 5) << "call " << call;
  }

  const int answered = sim_->request_count("rds", "DescribeDBInstances", "200");
  const int throttled = sim_->request_count("rds", "DescribeDBInstances", "fault:Throttling");
  EXPECT_EQ(answered, kCalls);
  EXPECT_GT(throttled, 0) << "the fault plan should have throttled some calls";
  EXPECT_EQ(requests(*session, "success"), answered);
  EXPECT_EQ(requests(*session, "throttled"), throttled);
  EXPECT_EQ(session->metrics().throttles().value({"", "ap-northeast-2", "rds", "DescribeDBInstances"}), throttled);
  EXPECT_EQ(session->metrics().retries().value({"", "ap-northeast-2", "rds", "DescribeDBInstances"}), throttled);
  EXPECT_EQ(session->metrics().retry_quota_exhausted().value({"", "ap-northeast-2", "rds", "DescribeDBInstances"}), 0);
}

TEST_F(AwsRetries, PersistentThrottlingEmptiesTheRetryQuotaThenCallsFailFast) {
  sim_->set_faults(throttling_plan(1));
  const auto session = session_with_attempts(3);

  // A quota of 500 tokens at 5 per retry pays for 100 retries: 50 calls of 3 attempts each.
  constexpr int kCallsWithRetries = 50;
  constexpr int kCallsWithoutRetries = 10;
  for (int call = 0; call < kCallsWithRetries + kCallsWithoutRetries; ++call) {
    const auto instances = session->rds().describe_db_instances();
    ASSERT_FALSE(instances) << "call " << call;
    EXPECT_EQ(instances.error().code, "Throttling") << "call " << call;
    if (call < kCallsWithRetries) {
      EXPECT_EQ(instances.error().attempts, 3) << "call " << call;
    } else {
      EXPECT_EQ(instances.error().attempts, 1) << "call " << call;
      EXPECT_THAT(instances.error().describe(), HasSubstr("retry quota is exhausted")) << "call " << call;
    }
  }

  const int throttled = sim_->request_count("rds", "DescribeDBInstances", "fault:Throttling");
  EXPECT_EQ(throttled, kCallsWithRetries * 3 + kCallsWithoutRetries);
  EXPECT_EQ(sim_->request_count("rds", "DescribeDBInstances", "200"), 0);
  EXPECT_EQ(requests(*session, "throttled"), throttled);
  EXPECT_EQ(session->metrics().retries().value({"", "ap-northeast-2", "rds", "DescribeDBInstances"}), kCallsWithRetries * 2);
  EXPECT_EQ(session->metrics().retry_quota_exhausted().value({"", "ap-northeast-2", "rds", "DescribeDBInstances"}), kCallsWithoutRetries);
}

const aws::ScopeSpec kScope{{"123456789012", "eu-west-1"}, std::nullopt, std::nullopt, std::nullopt};

// Once a scope is opened, before its first call, /metrics already shows the retry counters of every call the
// exporter is sure to make there, at 0.
TEST_F(AwsRetries, AFreshScopeCountsNoRetriesOfTheExportersCallsYet) {
  const auto session = session_with_attempts(3);
  ASSERT_TRUE(session->open_scope(kScope));
  for (const auto* counter :
       {&session->metrics().retries(), &session->metrics().throttles(), &session->metrics().retry_quota_exhausted()}) {
    EXPECT_THAT(series_of(*counter),
                ElementsAre("123456789012 eu-west-1 logs FilterLogEvents 0",
                            "123456789012 eu-west-1 monitoring GetMetricData 0",
                            "123456789012 eu-west-1 pi GetResourceMetrics 0",
                            "123456789012 eu-west-1 pi ListAvailableResourceMetrics 0",
                            "123456789012 eu-west-1 rds DescribeAccountAttributes 0",
                            "123456789012 eu-west-1 rds DescribeDBClusterParameters 0",
                            "123456789012 eu-west-1 rds DescribeDBClusters 0",
                            "123456789012 eu-west-1 rds DescribeDBInstances 0",
                            "123456789012 eu-west-1 rds DescribeDBMajorEngineVersions 0",
                            "123456789012 eu-west-1 rds DescribeDBParameters 0",
                            "123456789012 eu-west-1 rds DescribeEngineDefaultParameters 0",
                            "123456789012 eu-west-1 rds DescribeEvents 0",
                            "123456789012 eu-west-1 rds DescribePendingMaintenanceActions 0"));
  }
}

TEST_F(AwsRetries, WithPerformanceInsightsEnhancedMonitoringAndTheInventoryOffTheirCallsHaveNoSeries) {
  config::Settings settings = sim_settings(sim_->base_url());
  settings.performance_insights.enabled = false;
  settings.enhanced_monitoring.enabled = false;
  settings.inventory.enabled = false;
  const auto session = create_session(settings, home_.environment());
  ASSERT_TRUE(session->open_scope(kScope));
  EXPECT_THAT(series_of(session->metrics().retries()),
              ElementsAre("123456789012 eu-west-1 monitoring GetMetricData 0",
                          "123456789012 eu-west-1 rds DescribeDBClusters 0",
                          "123456789012 eu-west-1 rds DescribeDBInstances 0"));
}

}  // namespace
}  // namespace rds_exporter::testing
