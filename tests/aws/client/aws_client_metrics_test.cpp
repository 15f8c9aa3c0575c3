#include "aws/client/aws_client_metrics.h"

#include "exposition/text_format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rds_exporter::aws {
namespace {

std::string text_of(const telemetry::CounterFamily& counter) {
  const std::vector<exposition::MetricFamily> families{counter.collect()};
  return exposition::to_text(families);
}

const std::vector<AwsOperation> kDiscoveryAndCloudWatch{
    {"rds", "DescribeDBInstances"}, {"rds", "DescribeDBClusters"}, {"monitoring", "GetMetricData"}};

// A scrape right after start shows every known operation's retry counters at 0, so that the first retry is an
// increase rate() and increase() can see rather than a series that appears at 1.
TEST(AwsClientMetrics, RetryThrottleAndQuotaCountersOfKnownOperationsStartAtZero) {
  const AwsClientMetrics metrics(kDiscoveryAndCloudWatch);

  EXPECT_EQ(text_of(metrics.retries()),
            "# HELP rds_exporter_aws_retries_total AWS API requests sent again after a retryable failure.\n"
            "# TYPE rds_exporter_aws_retries_total counter\n"
            "rds_exporter_aws_retries_total{service=\"monitoring\",operation=\"GetMetricData\"} 0\n"
            "rds_exporter_aws_retries_total{service=\"rds\",operation=\"DescribeDBClusters\"} 0\n"
            "rds_exporter_aws_retries_total{service=\"rds\",operation=\"DescribeDBInstances\"} 0\n");
  EXPECT_EQ(text_of(metrics.throttles()),
            "# HELP rds_exporter_aws_throttles_total AWS API requests refused because of throttling (Throttling, "
            "ThrottlingException, HTTP 429...).\n"
            "# TYPE rds_exporter_aws_throttles_total counter\n"
            "rds_exporter_aws_throttles_total{service=\"monitoring\",operation=\"GetMetricData\"} 0\n"
            "rds_exporter_aws_throttles_total{service=\"rds\",operation=\"DescribeDBClusters\"} 0\n"
            "rds_exporter_aws_throttles_total{service=\"rds\",operation=\"DescribeDBInstances\"} 0\n");
  EXPECT_EQ(text_of(metrics.retry_quota_exhausted()),
            "# HELP rds_exporter_aws_retry_quota_exhausted_total AWS API calls that failed without retrying because "
            "the retry quota was empty (a storm of failures).\n"
            "# TYPE rds_exporter_aws_retry_quota_exhausted_total counter\n"
            "rds_exporter_aws_retry_quota_exhausted_total{service=\"monitoring\",operation=\"GetMetricData\"} 0\n"
            "rds_exporter_aws_retry_quota_exhausted_total{service=\"rds\",operation=\"DescribeDBClusters\"} 0\n"
            "rds_exporter_aws_retry_quota_exhausted_total{service=\"rds\",operation=\"DescribeDBInstances\"} 0\n");
}

TEST(AwsClientMetrics, AThrottledRetryCountsOnTopOfTheZeroSeries) {
  AwsClientMetrics metrics(kDiscoveryAndCloudWatch);
  metrics.record_throttle("monitoring", "GetMetricData");
  metrics.record_retry("monitoring", "GetMetricData");

  EXPECT_EQ(text_of(metrics.retries()),
            "# HELP rds_exporter_aws_retries_total AWS API requests sent again after a retryable failure.\n"
            "# TYPE rds_exporter_aws_retries_total counter\n"
            "rds_exporter_aws_retries_total{service=\"monitoring\",operation=\"GetMetricData\"} 1\n"
            "rds_exporter_aws_retries_total{service=\"rds\",operation=\"DescribeDBClusters\"} 0\n"
            "rds_exporter_aws_retries_total{service=\"rds\",operation=\"DescribeDBInstances\"} 0\n");
  EXPECT_EQ(metrics.throttles().value({"monitoring", "GetMetricData"}), 1);
  EXPECT_EQ(metrics.retry_quota_exhausted().value({"monitoring", "GetMetricData"}), 0);
}

// Calls that depend on the credential source (STS, SSO) are not known at start: their series appear with them.
TEST(AwsClientMetrics, OperationsNotKnownAtStartAppearWithTheirFirstIncrement) {
  AwsClientMetrics metrics(kDiscoveryAndCloudWatch);
  metrics.record_retry("sts", "AssumeRole");

  const exposition::MetricFamily retries = metrics.retries().collect();
  ASSERT_EQ(retries.samples.size(), 4U);
  EXPECT_EQ(retries.samples.back().labels[0].value, "sts");
  EXPECT_EQ(retries.samples.back().value, 1);
  EXPECT_EQ(metrics.throttles().collect().samples.size(), 3U);
}

}  // namespace
}  // namespace rds_exporter::aws
