// The exporter's own metrics as Prometheus's linter sees them.
#include "telemetry/metric_families.h"

#include "../exposition/promtool_check.h"
#include "exposition/text_format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rds_exporter::telemetry {
namespace {

using rds_exporter::testing::promtool_check_metrics;

TEST(TelemetryPromtool, AcceptsCountersGaugesAndHistogramsWithoutLintFindings) {
  CounterFamily requests("rds_exporter_aws_requests_total", "AWS API calls.", {"service", "outcome"});
  requests.increment({"rds", "success"}, 12);
  requests.increment({"monitoring", "throttled"});
  GaugeFamily expiry("rds_exporter_credentials_expiry_seconds", "Seconds until the credentials expire.", {"source"});
  expiry.set({"sso"}, 3599.5);
  HistogramFamily durations("rds_exporter_aws_request_duration_seconds", "AWS API call latency.", {"service"},
                            {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  for (const double value : {0.003, 0.005, 0.2, 0.2, 1.0, 7.5, 60.0}) durations.observe({"rds"}, value);
  durations.observe({"monitoring"}, 0.04);

  const std::vector<exposition::MetricFamily> families{requests.collect(), expiry.collect(), durations.collect()};
  const std::string body = exposition::to_text(families);
  ASSERT_NE(body.find("rds_exporter_aws_request_duration_seconds_bucket{service=\"rds\",le=\"+Inf\"} 7"),
            std::string::npos)
      << body;
  const auto result = promtool_check_metrics(body);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n--- body ---\n" << body;
  EXPECT_EQ(result.output, "") << "--- body ---\n" << body;
}

// promtool parses every le as a number, so a misformatted bound would not slip through the check above.
TEST(TelemetryPromtool, RejectsAHistogramBucketWhoseBoundIsNotANumber) {
  const auto result = promtool_check_metrics(
      "# HELP d Latency.\n"
      "# TYPE d histogram\n"
      "d_bucket{le=\"fast\"} 1\n"
      "d_bucket{le=\"+Inf\"} 1\n"
      "d_sum 3\n"
      "d_count 1\n");
  EXPECT_NE(result.exit_code, 0) << result.output;
}

}  // namespace
}  // namespace rds_exporter::telemetry
