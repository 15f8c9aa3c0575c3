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

const ScopeLabels kScope{"111122223333", "eu-west-1"};

// Metrics with kScope's known operations.
struct ScopedMetrics : AwsClientMetrics {
  ScopedMetrics() { add_scope(kScope, kDiscoveryAndCloudWatch); }
};

// A scrape right after start shows every known operation's retry counters at 0, so that the first retry is an
// increase rate() and increase() can see rather than a series that appears at 1.
TEST(AwsClientMetrics, RetryThrottleAndQuotaCountersOfKnownOperationsStartAtZero) {
  const ScopedMetrics metrics;

  EXPECT_EQ(text_of(metrics.retries()),
            "# HELP rds_exporter_aws_retries_total AWS API requests sent again after a retryable failure.\n"
            "# TYPE rds_exporter_aws_retries_total counter\n"
            "rds_exporter_aws_retries_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"monitoring\",operation=\"GetMetricData\"} 0\n"
            "rds_exporter_aws_retries_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"rds\",operation=\"DescribeDBClusters\"} 0\n"
            "rds_exporter_aws_retries_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"rds\",operation=\"DescribeDBInstances\"} 0\n");
  EXPECT_EQ(text_of(metrics.throttles()),
            "# HELP rds_exporter_aws_throttles_total AWS API requests refused because of throttling (Throttling, "
            "ThrottlingException, HTTP 429...).\n"
            "# TYPE rds_exporter_aws_throttles_total counter\n"
            "rds_exporter_aws_throttles_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"monitoring\",operation=\"GetMetricData\"} 0\n"
            "rds_exporter_aws_throttles_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"rds\",operation=\"DescribeDBClusters\"} 0\n"
            "rds_exporter_aws_throttles_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"rds\",operation=\"DescribeDBInstances\"} 0\n");
  EXPECT_EQ(text_of(metrics.retry_quota_exhausted()),
            "# HELP rds_exporter_aws_retry_quota_exhausted_total AWS API calls that failed without retrying because "
            "the retry quota was empty (a storm of failures).\n"
            "# TYPE rds_exporter_aws_retry_quota_exhausted_total counter\n"
            "rds_exporter_aws_retry_quota_exhausted_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"monitoring\",operation=\"GetMetricData\"} 0\n"
            "rds_exporter_aws_retry_quota_exhausted_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"rds\",operation=\"DescribeDBClusters\"} 0\n"
            "rds_exporter_aws_retry_quota_exhausted_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"rds\",operation=\"DescribeDBInstances\"} 0\n");
}

TEST(AwsClientMetrics, AThrottledRetryCountsOnTopOfTheZeroSeries) {
  ScopedMetrics metrics;
  metrics.record_throttle(kScope, "monitoring", "GetMetricData");
  metrics.record_retry(kScope, "monitoring", "GetMetricData");

  EXPECT_EQ(text_of(metrics.retries()),
            "# HELP rds_exporter_aws_retries_total AWS API requests sent again after a retryable failure.\n"
            "# TYPE rds_exporter_aws_retries_total counter\n"
            "rds_exporter_aws_retries_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"monitoring\",operation=\"GetMetricData\"} 1\n"
            "rds_exporter_aws_retries_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"rds\",operation=\"DescribeDBClusters\"} 0\n"
            "rds_exporter_aws_retries_total{aws_account_id=\"111122223333\",region=\"eu-west-1\",service=\"rds\",operation=\"DescribeDBInstances\"} 0\n");
  EXPECT_EQ(metrics.throttles().value({"111122223333", "eu-west-1", "monitoring", "GetMetricData"}), 1);
  EXPECT_EQ(metrics.retry_quota_exhausted().value({"111122223333", "eu-west-1", "monitoring", "GetMetricData"}), 0);
}

// Calls that depend on the credential source (STS, SSO) are not known at start: their series appear with them.
TEST(AwsClientMetrics, OperationsNotKnownAtStartAppearWithTheirFirstIncrement) {
  ScopedMetrics metrics;
  metrics.record_retry(kScope, "sts", "AssumeRole");

  const exposition::MetricFamily retries = metrics.retries().collect();
  ASSERT_EQ(retries.samples.size(), 4U);
  EXPECT_EQ(retries.samples.back().labels[2].value, "sts");
  EXPECT_EQ(retries.samples.back().value, 1);
  EXPECT_EQ(metrics.throttles().collect().samples.size(), 3U);
}

// Two scopes count apart: a throttling storm in one region shows in that region's series only.
TEST(AwsClientMetrics, EachScopeHasItsOwnSeries) {
  ScopedMetrics metrics;
  const ScopeLabels other{"444455556666", "us-east-1"};
  metrics.add_scope(other, kDiscoveryAndCloudWatch);
  metrics.record_throttle(other, "monitoring", "GetMetricData");

  EXPECT_EQ(metrics.throttles().value({"444455556666", "us-east-1", "monitoring", "GetMetricData"}), 1);
  EXPECT_EQ(metrics.throttles().value({"111122223333", "eu-west-1", "monitoring", "GetMetricData"}), 0);
  EXPECT_EQ(metrics.throttles().collect().samples.size(), 6U);
}

}  // namespace
}  // namespace rds_exporter::aws
