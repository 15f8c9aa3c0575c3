#include "aws/services/cloudwatch_wire.h"

#include "aws/protocol/json_protocol.h"

#include "../canned_answer.h"
#include "../reference_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using testing::epoch_seconds;
using ::testing::HasSubstr;
using testing::reference_document;
using namespace std::chrono_literals;
using std::chrono::system_clock;

GetMetricDataInput cpu_of_mydb() {
  return GetMetricDataInput{.queries = {{.id = "cpu",
                                         .namespace_name = "AWS/RDS",
                                         .metric_name = "CPUUtilization",
                                         .dimensions = {{"DBInstanceIdentifier", "mydb"}},
                                         .period_seconds = 60,
                                         .stat = "Average"}},
                            .start = epoch_seconds(1714564800),
                            .end = epoch_seconds(1714565100),
                            .next_token = std::nullopt,
                            .max_datapoints = 100800};
}

// docs/aws-wire-formats.md#getmetricdata-over-aws-json: the JS SDK's request, except that the exporter scans
// newest first.
TEST(GetMetricDataRequest, MatchesTheJsSdkRequest) {
  const auto request = get_metric_data_request(cpu_of_mydb());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-amz-json-1.0"},
                                              {"x-amz-target", "GraniteServiceVersion20100801.GetMetricData"},
                                              {"x-amzn-query-mode", "true"}}));
  auto expected = nlohmann::json::parse(
      R"({"MetricDataQueries":[{"Id":"cpu","MetricStat":{"Metric":{"Namespace":"AWS/RDS","MetricName":"CPUUtilization","Dimensions":[{"Name":"DBInstanceIdentifier","Value":"mydb"}]},"Period":60,"Stat":"Average"},"ReturnData":true}],"StartTime":1714564800,"EndTime":1714565100,"ScanBy":"TimestampAscending","MaxDatapoints":100800})");
  expected["ScanBy"] = "TimestampDescending";
  EXPECT_EQ(nlohmann::json::parse(request.body), expected);
}

// The body is written without a document tree; these are the bytes the tree gave (and a signature covers), for
// names that need escaping, non-ASCII and invalid UTF-8 too.
nlohmann::json tree_of(const GetMetricDataInput& input) {
  nlohmann::json queries = nlohmann::json::array();
  for (const auto& query : input.queries) {
    nlohmann::json metric = {{"Namespace", query.namespace_name}, {"MetricName", query.metric_name}};
    if (!query.dimensions.empty()) {
      auto& dimensions = metric["Dimensions"] = nlohmann::json::array();
      for (const auto& [name, value] : query.dimensions) dimensions.push_back({{"Name", name}, {"Value", value}});
    }
    queries.push_back({{"Id", query.id},
                       {"MetricStat", {{"Metric", std::move(metric)}, {"Period", query.period_seconds}, {"Stat", query.stat}}},
                       {"ReturnData", true}});
  }
  nlohmann::json body = {{"MetricDataQueries", std::move(queries)},
                         {"StartTime", epoch_seconds_json(input.start)},
                         {"EndTime", epoch_seconds_json(input.end)},
                         {"ScanBy", "TimestampDescending"}};
  if (input.next_token) body["NextToken"] = *input.next_token;
  if (input.max_datapoints) body["MaxDatapoints"] = *input.max_datapoints;
  return body;
}

TEST(GetMetricDataRequest, IsByteForByteWhatTheDocumentTreeWrote) {
  GetMetricDataInput input = cpu_of_mydb();
  EXPECT_EQ(get_metric_data_request(input).body, tree_of(input).dump());
  input.max_datapoints.reset();
  input.next_token = "tok\"en/\u00e9\x01";
  input.end += 250ms;
  input.queries.push_back({.id = "q_1",
                           .namespace_name = "AWS/RDS",
                           .metric_name = "Read\tIOPS \"x\" \\ caf\u00e9 \xff\xfe",
                           .dimensions = {{"DBClusterIdentifier", "a\nb"}, {"Role", "WRITER\x7f"}},
                           .period_seconds = 1,
                           .stat = "p99.9"});
  input.queries.push_back({.id = "", .namespace_name = "", .metric_name = "", .dimensions = {}, .period_seconds = 0,
                           .stat = ""});
  EXPECT_EQ(get_metric_data_request(input).body,
            tree_of(input).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST(GetMetricDataRequest, CarriesTheNextTokenAndManyQueries) {
  GetMetricDataInput input = cpu_of_mydb();
  input.max_datapoints.reset();
  input.next_token = "opaque-token-1";
  input.start += 500ms;
  input.queries.push_back({.id = "free",
                           .namespace_name = "AWS/RDS",
                           .metric_name = "FreeStorageSpace",
                           .dimensions = {},
                           .period_seconds = 300,
                           .stat = "Minimum"});
  const auto body = nlohmann::json::parse(get_metric_data_request(input).body);
  EXPECT_EQ(body["NextToken"], "opaque-token-1");
  EXPECT_FALSE(body.contains("MaxDatapoints"));
  EXPECT_EQ(body["StartTime"], 1714564800.5);
  ASSERT_EQ(body["MetricDataQueries"].size(), 2u);
  EXPECT_EQ(
      body["MetricDataQueries"][1],
      nlohmann::json::parse(
          R"({"Id":"free","MetricStat":{"Metric":{"Namespace":"AWS/RDS","MetricName":"FreeStorageSpace"},"Period":300,"Stat":"Minimum"},"ReturnData":true})"));
}

// docs/aws-wire-formats.md#reference-documents (GetMetricData over JSON), verbatim.
TEST(ParseGetMetricData, ReadsTheReferenceAnswer) {
  const auto page = parse_get_metric_data(answer(200, reference_document("get_metric_data.json")));
  ASSERT_TRUE(page.has_value()) << page.error().describe();
  ASSERT_EQ(page->results.size(), 2u);
  EXPECT_EQ(page->next_token, "opaque-token-1");
  EXPECT_TRUE(page->messages.empty());

  const MetricDataResult& cpu = page->results[0];
  EXPECT_EQ(cpu.id, "cpu");
  EXPECT_EQ(cpu.label, "CPUUtilization");
  EXPECT_EQ(cpu.timestamps, (std::vector{epoch_seconds(1714564800), epoch_seconds(1714564860)}));
  EXPECT_EQ(cpu.values, (std::vector{12.5, 11.0}));
  EXPECT_EQ(cpu.status_code, "Complete");

  const MetricDataResult& free = page->results[1];
  EXPECT_EQ(free.id, "free");
  EXPECT_TRUE(free.timestamps.empty());
  EXPECT_TRUE(free.values.empty());
  EXPECT_EQ(free.status_code, "PartialData");
}

// The JS SDK reads these as 12:00:00.000 and 12:01:00.500 (docs/aws-wire-formats.md#timestamps).
TEST(ParseGetMetricData, ReadsFractionalAndExponentTimestamps) {
  const auto page = parse_get_metric_data(answer(
      200, R"({"MetricDataResults":[{"Id":"cpu","Timestamps":[1.7145648E9,1714564860.5],"Values":[1,2.5e1]}]})"));
  ASSERT_TRUE(page.has_value()) << page.error().describe();
  EXPECT_EQ(page->results[0].timestamps, (std::vector{epoch_seconds(1714564800), epoch_seconds(1714564860) + 500ms}));
  EXPECT_EQ(page->results[0].values, (std::vector{1.0, 25.0}));
  EXPECT_EQ(page->next_token, std::nullopt);
}

TEST(ParseGetMetricData, ReadsMessages) {
  const auto page = parse_get_metric_data(answer(
      200,
      R"({"MetricDataResults":[{"Id":"m1","StatusCode":"PartialData","Messages":[{"Code":"MaxDatapointsExceeded","Value":"more"}]}],"Messages":[{"Code":"Info","Value":"top"}],"NextToken":""})"));
  ASSERT_TRUE(page.has_value()) << page.error().describe();
  EXPECT_EQ(page->results[0].messages,
            (std::vector<std::pair<std::string, std::string>>{{"MaxDatapointsExceeded", "more"}}));
  EXPECT_EQ(page->messages, (std::vector<std::pair<std::string, std::string>>{{"Info", "top"}}));
  EXPECT_EQ(page->next_token, std::nullopt);
}

TEST(ParseGetMetricData, RejectsTimestampsWithoutTheirValues) {
  const auto page = parse_get_metric_data(
      answer(200, R"({"MetricDataResults":[{"Id":"cpu","Timestamps":[1714564800,1714564860],"Values":[12.5]}]})"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(page.error().message, "GetMetricData answer: MetricDataResults[0]: 2 timestamps but 1 values");
}

TEST(ParseGetMetricData, NamesAValueOfTheWrongType) {
  const auto page = parse_get_metric_data(
      answer(200, R"({"MetricDataResults":[{"Id":"cpu","Timestamps":["2024-05-01T12:00:00Z"],"Values":[1]}]})"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().message,
            "GetMetricData answer: MetricDataResults[0].Timestamps[0]: expected a number, got string");
}

TEST(ParseGetMetricData, RejectsGarbageAfterTheDocument) {
  const auto page = parse_get_metric_data(answer(200, reference_document("get_metric_data.json") + "}}}"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(page.error().message, HasSubstr("GetMetricData answer is not valid JSON"));
}

// 1E400 is valid JSON syntax but no double: it once aborted the exporter.
TEST(ParseGetMetricData, AValueOutOfDoubleRangeIsAMalformedAnswer) {
  const auto page = parse_get_metric_data(
      answer(200, R"({"MetricDataResults":[{"Id":"cpu","Timestamps":[1714564800],"Values":[1E400]}]})"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(page.error().message, "GetMetricData answer is not valid JSON: a number out of range");
}

TEST(ParseGetMetricData, ATimestampPastTheClocksRangeIsAMalformedAnswer) {
  const auto page = parse_get_metric_data(
      answer(200, R"({"MetricDataResults":[{"Id":"cpu","Timestamps":[10413792000],"Values":[1]}]})"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(page.error().message, HasSubstr("MetricDataResults[0].Timestamps[0]: epoch seconds out of range"));
}

TEST(ParseGetMetricData, ReportsTheQueryCodeOfAnError) {
  const auto page = parse_get_metric_data(
      answer(400, R"({"__type":"com.amazonaws.cloudwatch#InvalidNextToken","message":"token expired"})",
             {{"x-amzn-query-error", "InvalidNextToken;Sender"}, {"x-amzn-requestid", "cw-7"}}));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ErrorKind::service);
  EXPECT_EQ(page.error().code, "InvalidNextToken");
  EXPECT_EQ(page.error().message, "token expired");
  EXPECT_EQ(page.error().request_id, "cw-7");
}

}  // namespace
}  // namespace rds_exporter::aws

namespace rds_exporter::aws {
namespace {

// The answer is read as it is parsed, without a document tree; these are the tree reader's rules, which every other
// answer follows, on what streaming could get wrong. (The fuzz target cloudwatch_get_metric_data compares the two
// readers on every input it makes.)
std::string problem_of(std::string body) {
  const auto page = parse_get_metric_data(answer(200, std::move(body)));
  return page ? "" : page.error().message;
}

TEST(ParseGetMetricDataAsItIsRead, TheLastOfDuplicateMembersCountsAndNullIsAbsent) {
  const auto page = parse_get_metric_data(answer(200, R"({"MetricDataResults":[{"Id":"old","Values":"no"}],
      "MetricDataResults":[{"Id":"cpu","Label":null,"Timestamps":["bad"],"Timestamps":[1714564800],"Values":[2],
      "StatusCode":"Complete","Extra":{"Values":[[{}]],"Id":7}}],"NextToken":7,"NextToken":null})"));
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->results.size(), 1U);
  EXPECT_EQ(page->results[0].id, "cpu");
  EXPECT_EQ(page->results[0].label, "");
  EXPECT_EQ(page->results[0].values, std::vector<double>{2});
  EXPECT_EQ(page->results[0].status_code, "Complete");
  EXPECT_EQ(page->next_token, std::nullopt);
}

TEST(ParseGetMetricDataAsItIsRead, NamesProblemsInTheTreeReadersOrderNotTheDocuments) {
  // The tree reader asks for Id first, whatever comes first in the document.
  EXPECT_EQ(problem_of(R"({"MetricDataResults":[{"Timestamps":"x","Id":""}]})"),
            "GetMetricData answer: MetricDataResults[0]: missing member Id");
  EXPECT_EQ(problem_of(R"({"MetricDataResults":[{"StatusCode":1,"Values":[true],"Id":"a"}]})"),
            "GetMetricData answer: MetricDataResults[0].Values[0]: expected a number, got boolean");
  // The results before NextToken and the answer's messages, the first bad result first.
  EXPECT_EQ(problem_of(R"({"Messages":{},"NextToken":[],"MetricDataResults":[{"Id":"a"},5,{}]})"),
            "GetMetricData answer: MetricDataResults[1]: expected an object, got number");
  EXPECT_EQ(problem_of(R"({"Messages":[{"Code":"a"},{"Value":{}}],"NextToken":"t"})"),
            "GetMetricData answer: Messages[1].Value: expected a string, got object");
  EXPECT_EQ(problem_of(R"({"MetricDataResults":[{"Id":"a","Messages":[null]}]})"),
            "GetMetricData answer: MetricDataResults[0].Messages[0]: expected an object, got null");
  EXPECT_EQ(problem_of(R"([{"MetricDataResults":[]}])"), "GetMetricData answer: top level: expected an object, got array");
  // A syntax error anywhere comes before any other problem.
  EXPECT_EQ(problem_of(R"({"MetricDataResults":[{"Timestamps":"x"}]})" " x"),
            "GetMetricData answer is not valid JSON: syntax error at byte 44 of 44");
}

TEST(ParseGetMetricDataAsItIsRead, KeepsEachResultsMessagesApartFromTheAnswers) {
  const auto page = parse_get_metric_data(answer(200, R"({"Messages":[{"Code":"Top","Value":"1"}],
      "MetricDataResults":[{"Id":"a","Messages":[{"Code":"ArithmeticError","Value":"x"}],"Timestamps":[],"Values":[]},
      {"Id":"b"}]})"));
  ASSERT_TRUE(page.has_value()) << page.error().message;
  using Messages = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(page->messages, (Messages{{"Top", "1"}}));
  ASSERT_EQ(page->results.size(), 2U);
  EXPECT_EQ(page->results[0].messages, (Messages{{"ArithmeticError", "x"}}));
  EXPECT_EQ(page->results[1].messages, Messages{});
}

}  // namespace
}  // namespace rds_exporter::aws
