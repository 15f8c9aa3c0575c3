// AwsSession's Performance Insights client: where it sends, as what it signs, and how it is rate limited.
#include "aws/session/aws_session.h"

#include "scripted_clients.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;
using testing::header_of;

using PiSessionTest = testing::ScriptedSessionTest;

TEST_F(PiSessionTest, SignsForPiAtTheRegionsStandardEndpoint) {
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  const Endpoint& endpoint = session->pi().service_client().options().endpoint;
  EXPECT_EQ(endpoint.base_url, "https://pi.eu-west-1.amazonaws.com");
  EXPECT_EQ(endpoint.source, "standard");

  transport->answer("POST", "https://pi.eu-west-1.amazonaws.com/", 200,
                    R"({"Metrics":[{"Metric":"db.SQL.Questions"}]})");
  const auto metrics = session->pi().list_available_resource_metrics("db-ABC");
  ASSERT_TRUE(metrics.has_value()) << metrics.error().describe();
  ASSERT_EQ(transport->requests().size(), 1u);
  EXPECT_THAT(header_of(transport->requests()[0], "authorization"), HasSubstr("/eu-west-1/pi/aws4_request"));
}

TEST_F(PiSessionTest, AStoppedSessionSendsNothing) {
  std::stop_source stop;
  const auto session = create_session(stop.get_token());
  ASSERT_NE(session, nullptr);
  stop.request_stop();
  const auto metrics = session->pi().list_available_resource_metrics("db-ABC");
  ASSERT_FALSE(metrics.has_value());
  EXPECT_EQ(metrics.error().code, "Cancelled");
  EXPECT_TRUE(transport->requests().empty());
}

TEST_F(PiSessionTest, TheSessionsRequestsCarryItsStopToken) {
  std::stop_source stop;
  const auto session = create_session(stop.get_token());
  ASSERT_NE(session, nullptr);
  transport->answer("POST", "https://pi.eu-west-1.amazonaws.com/", 200, R"({"Metrics":[]})");
  ASSERT_TRUE(session->pi().list_available_resource_metrics("db-ABC").has_value());
  ASSERT_EQ(transport->requests().size(), 1u);
  EXPECT_TRUE(transport->requests()[0].stop.stop_possible());
  stop.request_stop();
  EXPECT_TRUE(transport->requests()[0].stop.stop_requested());
}

TEST_F(PiSessionTest, AwsSdkSettingsFeedTheClients) {
  environment["AWS_MAX_ATTEMPTS"] = "6";
  environment["AWS_RETRY_MODE"] = "adaptive";
  environment["AWS_USE_FIPS_ENDPOINT"] = "true";
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  const ServiceClientOptions& options = session->pi().service_client().options();
  EXPECT_EQ(options.retry_policy.max_attempts, 6);
  EXPECT_EQ(options.retry_policy.mode, RetryMode::adaptive);
  EXPECT_NE(options.adaptive_limiter, nullptr);
  EXPECT_EQ(options.endpoint.base_url, "https://pi-fips.eu-west-1.amazonaws.com");
}

TEST_F(PiSessionTest, ABadAwsSdkSettingFailsTheSession) {
  environment["AWS_MAX_ATTEMPTS"] = "abc";
  auto session = AwsSession::create(settings, environment, "rds_exporter/test", std::make_unique<FakeTransport>());
  ASSERT_FALSE(session);
  EXPECT_THAT(session.error(), HasSubstr("AWS_MAX_ATTEMPTS: expected a whole number of attempts"));
}

TEST_F(PiSessionTest, UsesFipsAndDualStackEndpoints) {
  settings.aws.use_fips_endpoint = true;
  settings.aws.use_dualstack_endpoint = true;
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->pi().service_client().options().endpoint.base_url, "https://pi-fips.eu-west-1.api.aws");
}

TEST_F(PiSessionTest, FollowsAwsEndpointUrlPi) {
  environment["AWS_ENDPOINT_URL_PI"] = "http://127.0.0.1:4566";
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  const Endpoint& endpoint = session->pi().service_client().options().endpoint;
  EXPECT_EQ(endpoint.base_url, "http://127.0.0.1:4566");
  EXPECT_EQ(endpoint.source, "AWS_ENDPOINT_URL_PI");
  EXPECT_EQ(session->rds().service_client().options().endpoint.source, "standard");
}

TEST_F(PiSessionTest, TheConfiguredEndpointUrlWinsOverTheEnvironment) {
  environment["AWS_ENDPOINT_URL_PI"] = "http://127.0.0.1:4566";
  settings.aws.endpoint_url = "http://localhost:9000";
  const auto session = create_session();
  ASSERT_NE(session, nullptr);
  const Endpoint& endpoint = session->pi().service_client().options().endpoint;
  EXPECT_EQ(endpoint.base_url, "http://localhost:9000");
  EXPECT_EQ(endpoint.source, "aws.endpoint_url");
}

TEST_F(PiSessionTest, AnInvalidPiEndpointFailsTheSessionNamingIt) {
  environment["AWS_ENDPOINT_URL_PI"] = "http://pi.example.com";
  auto session = AwsSession::create(settings, environment, "rds_exporter/test", std::make_unique<FakeTransport>());
  ASSERT_FALSE(session.has_value());
  EXPECT_THAT(session.error(), HasSubstr("AWS_ENDPOINT_URL_PI"));
}

TEST_F(PiSessionTest, RateLimitsPiOnItsOwnSetting) {
  settings.aws.rate_limit.pi = 0;
  const auto unlimited = create_session();
  ASSERT_NE(unlimited, nullptr);
  EXPECT_EQ(unlimited->pi().service_client().options().rate_limiter, nullptr);
  EXPECT_NE(unlimited->rds().service_client().options().rate_limiter, nullptr);

  settings.aws.rate_limit.pi = 5;
  const auto limited = create_session();
  ASSERT_NE(limited, nullptr);
  EXPECT_NE(limited->pi().service_client().options().rate_limiter, nullptr);
  EXPECT_NE(limited->pi().service_client().options().rate_limiter,
            limited->cloudwatch().service_client().options().rate_limiter);
}

}  // namespace
}  // namespace rds_exporter::aws
