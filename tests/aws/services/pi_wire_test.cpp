#include "aws/services/pi_wire.h"

#include "../canned_answer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using testing::epoch_seconds;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using std::chrono::system_clock;

// docs/performance-insights.md#getresourcemetrics, the AWS API reference's sample answer.
constexpr const char* kReferenceAnswer = R"({
  "AlignedStartTime": 1.5270264E9,
  "AlignedEndTime":   1.5270804E9,
  "Identifier": "db-ABC1DEFGHIJKL2MNOPQRSTUV3W",
  "MetricList": [
    { "Key": { "Metric": "db.load.avg" },
      "DataPoints": [ {"Timestamp": 1527026700.0, "Value": 1.3533333333333333},
                      {"Timestamp": 1527027000.0, "Value": 0.88} ] },
    { "Key": { "Metric": "db.load.avg",
               "Dimensions": {"db.wait_event.name": "wait/synch/mutex/innodb/aurora_lock_thread_slot_futex"} },
      "DataPoints": [ {"Timestamp": 1527026700.0, "Value": 0.8566666666666667} ] }
  ],
  "NextToken": "page-2"
})";

// docs/performance-insights.md#getresourcemetrics.
TEST(GetResourceMetricsRequest, IsAJson11CallWithEveryMetricAsAPlainQuery) {
  const auto request = get_resource_metrics_request(
      GetResourceMetricsInput{.identifier = "db-ABC1DEFGHIJKL2MNOPQRSTUV3W",
                              .metrics = {"db.SQL.Questions.avg", "db.Users.Threads_running.avg"},
                              .start = epoch_seconds(1735689300),
                              .end = epoch_seconds(1735689600),
                              .period_seconds = 60});
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_TRUE(request.query.empty());
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-amz-json-1.1"},
                                              {"x-amz-target", "PerformanceInsightsv20180227.GetResourceMetrics"}}));
  EXPECT_EQ(nlohmann::json::parse(request.body), nlohmann::json::parse(R"({
    "ServiceType": "RDS",
    "Identifier": "db-ABC1DEFGHIJKL2MNOPQRSTUV3W",
    "MetricQueries": [{"Metric": "db.SQL.Questions.avg"}, {"Metric": "db.Users.Threads_running.avg"}],
    "StartTime": 1735689300,
    "EndTime": 1735689600,
    "PeriodInSeconds": 60,
    "PeriodAlignment": "END_TIME"})"));
}

TEST(GetResourceMetricsRequest, SendsFractionalTimesAndTheGivenPeriod) {
  const auto body = nlohmann::json::parse(get_resource_metrics_request(GetResourceMetricsInput{
                                                                           .identifier = "db-X",
                                                                           .metrics = {"os.cpuUtilization.user.avg"},
                                                                           .start = epoch_seconds(1735689300) + 250ms,
                                                                           .end = epoch_seconds(1735689600),
                                                                           .period_seconds = 300,
                                                                       })
                                              .body);
  EXPECT_EQ(body["StartTime"], 1735689300.25);
  EXPECT_EQ(body["PeriodInSeconds"], 300);
}

TEST(ParseGetResourceMetrics, ReadsTheReferenceAnswerWithoutItsDimensionBreakdown) {
  const auto output = parse_get_resource_metrics(answer(200, kReferenceAnswer));
  ASSERT_TRUE(output.has_value()) << output.error().describe();
  ASSERT_EQ(output->metrics.size(), 1u);
  EXPECT_EQ(output->metrics[0].metric, "db.load.avg");
  const auto& points = output->metrics[0].points;
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].timestamp, epoch_seconds(1527026700));
  EXPECT_EQ(points[0].value, 1.3533333333333333);
  EXPECT_EQ(points[1].timestamp, epoch_seconds(1527027000));
  EXPECT_EQ(points[1].value, 0.88);
}

TEST(ParseGetResourceMetrics, ReadsExponentAndFractionalTimestampsAndMissingValues) {
  const auto output = parse_get_resource_metrics(answer(200, R"({"MetricList":[
      {"Key":{"Metric":"db.Users.Threads_running.avg"},
       "DataPoints":[{"Timestamp":1.5270804E9,"Value":4},{"Timestamp":1527080460.5,"Value":null},
                     {"Timestamp":1527080520}]},
      {"Key":{"Metric":"db.SQL.Questions.avg"},"DataPoints":[]}]})"));
  ASSERT_TRUE(output.has_value()) << output.error().describe();
  ASSERT_EQ(output->metrics.size(), 2u);
  const auto& points = output->metrics[0].points;
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].timestamp, epoch_seconds(1527080400));
  EXPECT_EQ(points[0].value, 4.0);
  EXPECT_EQ(points[1].timestamp, epoch_seconds(1527080460) + 500ms);
  EXPECT_EQ(points[1].value, std::nullopt);
  EXPECT_EQ(points[2].value, std::nullopt);
  EXPECT_EQ(output->metrics[1].metric, "db.SQL.Questions.avg");
  EXPECT_TRUE(output->metrics[1].points.empty());
}

TEST(ParseGetResourceMetrics, AnAnswerWithoutMetricListHasNoMetrics) {
  const auto output = parse_get_resource_metrics(answer(200, R"({"Identifier":"db-X"})"));
  ASSERT_TRUE(output.has_value()) << output.error().describe();
  EXPECT_TRUE(output->metrics.empty());
}

TEST(ParseGetResourceMetrics, NamesADataPointWithoutTimestamp) {
  const auto output = parse_get_resource_metrics(
      answer(200, R"({"MetricList":[{"Key":{"Metric":"m.avg"},"DataPoints":[{"Value":1}]}]})"));
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(output.error().message, "GetResourceMetrics answer: MetricList[0].DataPoints[0]: missing member Timestamp");
}

TEST(ParseGetResourceMetrics, AValueOutOfDoubleRangeIsAMalformedAnswer) {
  const auto output = parse_get_resource_metrics(
      answer(200, R"({"MetricList":[{"Key":{"Metric":"m.avg"},"DataPoints":[{"Timestamp":1527080400,"Value":1E400}]}]})"));
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(output.error().message, "GetResourceMetrics answer is not valid JSON: a number out of range");
}

TEST(ParseGetResourceMetrics, NamesAValueOfTheWrongType) {
  const auto output = parse_get_resource_metrics(answer(
      200, R"({"MetricList":[{"Key":{"Metric":"m.avg"},"DataPoints":[{"Timestamp":1527080400,"Value":"4"}]}]})"));
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().message,
            "GetResourceMetrics answer: MetricList[0].DataPoints[0].Value: expected a number, got string");
}

TEST(ParseGetResourceMetrics, ReadsAnErrorWithANamespacedType) {
  const auto output = parse_get_resource_metrics(answer(
      400,
      R"({"__type":"com.amazonaws.pi#InvalidArgumentException","Message":"The specified statistic is not a known statistic"})",
      {{"x-amzn-requestid", "pi-1"}}));
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().kind, ErrorKind::service);
  EXPECT_EQ(output.error().code, "InvalidArgumentException");
  EXPECT_EQ(output.error().message, "The specified statistic is not a known statistic");
  EXPECT_EQ(output.error().request_id, "pi-1");
  EXPECT_EQ(output.error().http_status, 400);
}

TEST(ParseGetResourceMetrics, ReadsAnErrorWithAPlainType) {
  const auto output = parse_get_resource_metrics(
      answer(400, R"({"__type":"NotAuthorizedException","Message":"not authorized to call pi:GetResourceMetrics"})"));
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().code, "NotAuthorizedException");
  EXPECT_THAT(output.error().message, HasSubstr("pi:GetResourceMetrics"));
}

TEST(ListAvailableResourceMetricsRequest, AsksForTheMostMetricsPerPage) {
  const auto request = list_available_resource_metrics_request("db-X", {"os", "db"}, std::nullopt);
  EXPECT_EQ(request.headers,
            (common::Headers{{"content-type", "application/x-amz-json-1.1"},
                             {"x-amz-target", "PerformanceInsightsv20180227.ListAvailableResourceMetrics"}}));
  EXPECT_EQ(
      nlohmann::json::parse(request.body),
      nlohmann::json::parse(R"({"ServiceType":"RDS","Identifier":"db-X","MetricTypes":["os","db"],"MaxResults":25})"));
}

TEST(ListAvailableResourceMetricsRequest, CarriesTheNextToken) {
  const auto body =
      nlohmann::json::parse(list_available_resource_metrics_request("db-X", {"db"}, std::string("tok-2")).body);
  EXPECT_EQ(body["NextToken"], "tok-2");
  EXPECT_EQ(body["MetricTypes"], nlohmann::json::array({"db"}));
}

// docs/performance-insights.md#listavailableresourcemetrics, from aws-cli's example.
TEST(ParseListAvailableResourceMetrics, ReadsAPageAndItsToken) {
  const auto page = parse_list_available_resource_metrics(answer(200, R"({"Metrics":[
      {"Metric":"os.general.numVCPUs","Description":"The number of virtual CPUs for the DB instance","Unit":"vCPUs"},
      {"Metric":"db.IO.read_latency","Description":"Time spent reading data file blocks by backends in this instance","Unit":"Milliseconds per block"},
      {"Metric":"db.Users.Threads_running"}],
    "NextToken":"tok-2"})"));
  ASSERT_TRUE(page.has_value()) << page.error().describe();
  ASSERT_EQ(page->metrics.size(), 3u);
  EXPECT_EQ(page->metrics[0].metric, "os.general.numVCPUs");
  EXPECT_EQ(page->metrics[0].unit, "vCPUs");
  EXPECT_EQ(page->metrics[0].description, "The number of virtual CPUs for the DB instance");
  EXPECT_EQ(page->metrics[1].unit, "Milliseconds per block");
  EXPECT_EQ(page->metrics[2].metric, "db.Users.Threads_running");
  EXPECT_EQ(page->metrics[2].unit, "");
  EXPECT_EQ(page->next_token, "tok-2");
}

TEST(ParseListAvailableResourceMetrics, TheLastPageHasNoToken) {
  for (const char* body : {R"({"Metrics":[]})", R"({"Metrics":[],"NextToken":""})", R"({"NextToken":null})"}) {
    const auto page = parse_list_available_resource_metrics(answer(200, body));
    ASSERT_TRUE(page.has_value()) << body;
    EXPECT_TRUE(page->metrics.empty()) << body;
    EXPECT_EQ(page->next_token, std::nullopt) << body;
  }
}

TEST(ParseListAvailableResourceMetrics, NamesAnEntryWithoutMetric) {
  const auto page = parse_list_available_resource_metrics(answer(200, R"({"Metrics":[{"Unit":"vCPUs"}]})"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().message, "ListAvailableResourceMetrics answer: Metrics[0]: missing member Metric");
}

TEST(ParseListAvailableResourceMetrics, ReadsThrottling) {
  const auto page = parse_list_available_resource_metrics(
      answer(400, R"({"__type":"ThrottlingException","Message":"Rate exceeded"})"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, "ThrottlingException");
  EXPECT_EQ(page.error().message, "Rate exceeded");
}

TEST(ParseListAvailableResourceMetrics, AnErrorPageWithoutJsonKeepsItsStatus) {
  const auto page = parse_list_available_resource_metrics(answer(503, "<html>Service Unavailable</html>"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, "HTTP503");
  EXPECT_EQ(page.error().http_status, 503);
}

}  // namespace
}  // namespace rds_exporter::aws
