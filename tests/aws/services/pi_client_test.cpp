#include "aws/services/pi_client.h"

#include "scripted_clients.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::aws {
namespace {

using std::chrono::system_clock;
using ::testing::ElementsAre;
using testing::FakeTransport;
using ::testing::HasSubstr;
using testing::header_of;

constexpr const char* kPiUrl = "https://pi.eu-west-1.amazonaws.com/";

std::vector<std::string> metric_names(int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) names.push_back("db.SQL.counter_" + std::to_string(i) + ".avg");
  return names;
}

GetResourceMetricsInput input_with(std::vector<std::string> metrics) {
  const auto end = system_clock::time_point{std::chrono::seconds{1735689600}};
  return GetResourceMetricsInput{
      .identifier = "db-ABC", .metrics = std::move(metrics), .start = end - std::chrono::minutes(5), .end = end};
}

class PiClientTest : public ::testing::Test {
 protected:
  PiClient make_client() { return PiClient(testing::scripted_service_client(transport, kPerformanceInsightsService)); }
  std::vector<nlohmann::json> sent_bodies() const { return testing::sent_bodies(transport); }

  FakeTransport transport;
};

TEST_F(PiClientTest, SignsGetResourceMetricsForPiAndReadsTheAnswer) {
  transport.answer(
      "POST", kPiUrl, 200,
      R"({"MetricList":[{"Key":{"Metric":"db.Users.Threads_running.avg"},"DataPoints":[{"Timestamp":1735689600,"Value":3}]}]})");
  const auto output = make_client().get_resource_metrics(input_with({"db.Users.Threads_running.avg"}));
  ASSERT_TRUE(output.has_value()) << output.error().describe();
  ASSERT_EQ(output->metrics.size(), 1u);
  EXPECT_EQ(output->metrics[0].points[0].value, 3.0);

  ASSERT_EQ(transport.requests().size(), 1u);
  const OutgoingRequest sent = transport.requests()[0];
  EXPECT_EQ(header_of(sent, "x-amz-target"), "PerformanceInsightsv20180227.GetResourceMetrics");
  EXPECT_EQ(header_of(sent, "host"), "pi.eu-west-1.amazonaws.com");
  EXPECT_THAT(header_of(sent, "authorization"), HasSubstr("/eu-west-1/pi/aws4_request"));
}

TEST_F(PiClientTest, FifteenMetricsGoInOneCall) {
  transport.answer("POST", kPiUrl, 200, R"({"MetricList":[]})");
  ASSERT_TRUE(make_client().get_resource_metrics(input_with(metric_names(15))).has_value());
  ASSERT_EQ(sent_bodies().size(), 1u);
  EXPECT_EQ(sent_bodies()[0]["MetricQueries"].size(), 15u);
}

TEST_F(PiClientTest, RefusesMoreThanFifteenMetricsWithoutACall) {
  const auto output = make_client().get_resource_metrics(input_with(metric_names(16)));
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().code, "ParamValidation");
  EXPECT_EQ(output.error().message,
            "GetResourceMetrics for db-ABC takes 1 to 15 metrics per call, got 16; split the metrics into calls");
  EXPECT_FALSE(output.error().retryable);
  EXPECT_EQ(output.error().attempts, 0);
  EXPECT_TRUE(transport.requests().empty());
}

TEST_F(PiClientTest, RefusesAnEmptyMetricListWithoutACall) {
  const auto output = make_client().get_resource_metrics(input_with({}));
  ASSERT_FALSE(output.has_value());
  EXPECT_THAT(output.error().message, HasSubstr("got 0"));
  EXPECT_TRUE(transport.requests().empty());
}

TEST_F(PiClientTest, RetriesThrottlingButNotAnInvalidArgument) {
  transport.script("POST", kPiUrl,
                   {FakeTransport::response(400, R"({"__type":"ThrottlingException","Message":"Rate exceeded"})"),
                    FakeTransport::response(200, R"({"MetricList":[]})")});
  ASSERT_TRUE(make_client().get_resource_metrics(input_with(metric_names(1))).has_value());
  EXPECT_EQ(transport.requests().size(), 2u);

  transport.answer(
      "POST", kPiUrl, 400,
      R"({"__type":"com.amazonaws.pi#InvalidArgumentException","Message":"The specified statistic is not a known statistic"})");
  const auto refused = make_client().get_resource_metrics(input_with({"db.SQL.Questions"}));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "InvalidArgumentException");
  EXPECT_FALSE(refused.error().retryable);
  EXPECT_EQ(transport.requests().size(), 3u);
}

TEST_F(PiClientTest, NotAuthorizedIsNotRetried) {
  transport.answer("POST", kPiUrl, 400, R"({"__type":"NotAuthorizedException","Message":"no"})");
  const auto output = make_client().list_available_resource_metrics("db-ABC");
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().code, "NotAuthorizedException");
  EXPECT_FALSE(output.error().retryable);
  EXPECT_EQ(transport.requests().size(), 1u);
}

TEST_F(PiClientTest, ListsEveryPageOfDbMetrics) {
  transport.script(
      "POST", kPiUrl,
      {FakeTransport::response(200, R"({"Metrics":[{"Metric":"db.SQL.Questions","Unit":"Queries per second"},
                                                    {"Metric":"db.Users.Threads_running"}],"NextToken":"tok-2"})"),
       FakeTransport::response(200, R"({"Metrics":[{"Metric":"db.Cache.blks_hit"}],"NextToken":"tok-3"})"),
       FakeTransport::response(200, R"({"Metrics":[{"Metric":"db.IO.blks_read"}]})")});
  const auto metrics = make_client().list_available_resource_metrics("db-ABC");
  ASSERT_TRUE(metrics.has_value()) << metrics.error().describe();
  std::vector<std::string> names;
  for (const auto& metric : *metrics) names.push_back(metric.metric);
  EXPECT_THAT(names,
              ElementsAre("db.SQL.Questions", "db.Users.Threads_running", "db.Cache.blks_hit", "db.IO.blks_read"));
  EXPECT_EQ((*metrics)[0].unit, "Queries per second");

  const auto bodies = sent_bodies();
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_FALSE(bodies[0].contains("NextToken"));
  EXPECT_EQ(bodies[1]["NextToken"], "tok-2");
  EXPECT_EQ(bodies[2]["NextToken"], "tok-3");
  for (const auto& body : bodies) {
    EXPECT_EQ(body["MetricTypes"], nlohmann::json::array({"db"}));
    EXPECT_EQ(body["MaxResults"], 25);
    EXPECT_EQ(body["Identifier"], "db-ABC");
  }
}

TEST_F(PiClientTest, StopsWhenAPageHandsBackTheTokenItWasSent) {
  transport.answer("POST", kPiUrl, 200, R"({"Metrics":[{"Metric":"db.SQL.Questions"}],"NextToken":"same"})");
  const auto metrics = make_client().list_available_resource_metrics("db-ABC");
  ASSERT_FALSE(metrics.has_value());
  EXPECT_EQ(metrics.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(metrics.error().message, HasSubstr("NextToken"));
  EXPECT_EQ(transport.requests().size(), 2u);
}

TEST_F(PiClientTest, AFailedPageFailsTheListing) {
  transport.script("POST", kPiUrl,
                   {FakeTransport::response(200, R"({"Metrics":[{"Metric":"db.SQL.Questions"}],"NextToken":"tok-2"})"),
                    FakeTransport::response(400, R"({"__type":"InvalidArgumentException","Message":"bad token"})")});
  const auto metrics = make_client().list_available_resource_metrics("db-ABC");
  ASSERT_FALSE(metrics.has_value());
  EXPECT_EQ(metrics.error().code, "InvalidArgumentException");
}

}  // namespace
}  // namespace rds_exporter::aws
