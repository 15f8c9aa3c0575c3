// AwsSession's CloudWatch Logs client: where it sends, as what it signs, how it is rate limited, and the
// self-metric series it starts at 0.
#include "aws/session/aws_session.h"

#include "scripted_clients.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace rds_exporter::aws {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;
using testing::header_of;

const ScopeSpec kScope{{"123456789012", "eu-west-1"}, std::nullopt, std::nullopt, std::nullopt};

// "service operation" of every retry counter series, as add_scope created them.
std::vector<std::string> retry_series(const AwsClientMetrics& metrics) {
  std::vector<std::string> series;
  for (const auto& sample : metrics.retries().collect().samples) {
    series.push_back(sample.labels.at(2).value + " " + sample.labels.at(3).value);
  }
  return series;
}

using LogsSessionTest = testing::ScriptedSessionTest;

TEST_F(LogsSessionTest, SignsForLogsAtTheRegionsStandardEndpoint) {
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  const Endpoint& endpoint = session->logs().service_client().options().endpoint;
  EXPECT_EQ(endpoint.base_url, "https://logs.eu-west-1.amazonaws.com");
  EXPECT_EQ(endpoint.source, "standard");

  transport->answer("POST", "https://logs.eu-west-1.amazonaws.com/", 200, R"({"events":[]})");
  const auto page = session->logs().filter_log_events_page(
      FilterLogEventsInput{.log_group_name = "RDSOSMetrics", .log_stream_names = {"db-ABC"}, .limit = 1});
  ASSERT_TRUE(page.has_value()) << page.error().describe();
  ASSERT_EQ(transport->requests().size(), 1u);
  EXPECT_THAT(header_of(transport->requests()[0], "authorization"), HasSubstr("/eu-west-1/logs/aws4_request"));
  EXPECT_EQ(header_of(transport->requests()[0], "x-amz-target"), "Logs_20140328.FilterLogEvents");
}

TEST_F(LogsSessionTest, UsesFipsAndDualStackEndpoints) {
  settings.aws.use_fips_endpoint = true;
  settings.aws.use_dualstack_endpoint = true;
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->logs().service_client().options().endpoint.base_url, "https://logs-fips.eu-west-1.api.aws");
}

TEST_F(LogsSessionTest, FollowsAwsEndpointUrlCloudwatchLogs) {
  environment["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://127.0.0.1:4566";
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  const Endpoint& endpoint = session->logs().service_client().options().endpoint;
  EXPECT_EQ(endpoint.base_url, "http://127.0.0.1:4566");
  EXPECT_EQ(endpoint.source, "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS");
  EXPECT_EQ(session->cloudwatch().service_client().options().endpoint.source, "standard");
}

TEST_F(LogsSessionTest, TheConfiguredEndpointUrlWinsOverTheEnvironment) {
  environment["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://127.0.0.1:4566";
  settings.aws.endpoint_url = "http://localhost:9000";
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  const Endpoint& endpoint = session->logs().service_client().options().endpoint;
  EXPECT_EQ(endpoint.base_url, "http://localhost:9000");
  EXPECT_EQ(endpoint.source, "aws.endpoint_url");
}

TEST_F(LogsSessionTest, AnInvalidLogsEndpointFailsTheSessionNamingIt) {
  environment["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://logs.example.com";
  auto session = AwsSession::create(settings, environment, "rds_exporter/test", std::make_unique<FakeTransport>());
  ASSERT_FALSE(session.has_value());
  EXPECT_THAT(session.error(), HasSubstr("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"));
}

TEST_F(LogsSessionTest, RateLimitsLogsOnItsOwnSetting) {
  settings.aws.rate_limit.logs = 0;
  const auto unlimited = create_session();
  ASSERT_NE(unlimited, nullptr);
  EXPECT_EQ(unlimited->logs().service_client().options().rate_limiter, nullptr);
  EXPECT_NE(unlimited->pi().service_client().options().rate_limiter, nullptr);

  settings.aws.rate_limit.logs = 4;
  const auto limited = create_session();
  ASSERT_NE(limited, nullptr);
  const auto& limiter = limited->logs().service_client().options().rate_limiter;
  EXPECT_NE(limiter, nullptr);
  EXPECT_NE(limiter, limited->pi().service_client().options().rate_limiter);
  EXPECT_NE(limiter, limited->cloudwatch().service_client().options().rate_limiter);
  EXPECT_NE(limited->logs().service_client().options().retry_quota,
            limited->cloudwatch().service_client().options().retry_quota);
}

TEST_F(LogsSessionTest, FilterLogEventsStartsAtZeroInEveryScopeWhenEnhancedMonitoringIsOn) {
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  EXPECT_TRUE(session->enhanced_monitoring_enabled());
  ASSERT_TRUE(session->open_scope(kScope));
  const auto series = retry_series(session->metrics());
  EXPECT_EQ(std::count(series.begin(), series.end(), "logs FilterLogEvents"), 1);
  EXPECT_EQ(std::count(series.begin(), series.end(), "logs DescribeLogStreams"), 0);
}

TEST_F(LogsSessionTest, WithEnhancedMonitoringOffLogsHasNoSeries) {
  settings.enhanced_monitoring.enabled = false;
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  EXPECT_FALSE(session->enhanced_monitoring_enabled());
  ASSERT_TRUE(session->open_scope(kScope));
  for (const auto& series : retry_series(session->metrics())) EXPECT_THAT(series, ::testing::Not(HasSubstr("logs")));
}

}  // namespace
}  // namespace rds_exporter::aws
