#include "aws/services/logs_wire.h"

#include "../canned_answer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using ::testing::HasSubstr;

constexpr const char* kStreamArn =
    "arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:db-ABCDEFGHIJKLMNOPQRSTU1VW2X";

TEST(FilterLogEventsRequest, IsAJson11CallWithOnlyTheMembersSet) {
  const auto request = filter_log_events_request(FilterLogEventsInput{.log_group_name = "RDSOSMetrics",
                                                                      .log_stream_names = {"db-ABC", "db-DEF"},
                                                                      .start_time_ms = 1735689540000,
                                                                      .end_time_ms = 1735689600000,
                                                                      .next_token = "tok-2",
                                                                      .limit = 1});
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_TRUE(request.query.empty());
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-amz-json-1.1"},
                                              {"x-amz-target", "Logs_20140328.FilterLogEvents"}}));
  EXPECT_EQ(request.body,
            R"({"endTime":1735689600000,"limit":1,"logGroupName":"RDSOSMetrics","logStreamNames":["db-ABC","db-DEF"],)"
            R"("nextToken":"tok-2","startTime":1735689540000})");
}

TEST(FilterLogEventsRequest, LeavesOutWhatIsUnset) {
  const auto request = filter_log_events_request(
      FilterLogEventsInput{.log_group_name = "RDSOSMetrics", .log_stream_names = {"db-ABC"}});
  EXPECT_EQ(request.body, R"({"logGroupName":"RDSOSMetrics","logStreamNames":["db-ABC"]})");
}

// The API reference's shape, with the deprecated searchedLogStreams and a member no model has.
TEST(ParseFilterLogEvents, ReadsEventsAndTheNextToken) {
  const auto output = parse_filter_log_events(answer(200, R"({
    "events": [
      {"logStreamName": "db-ABC", "timestamp": 1735689600123, "message": "{\"engine\":\"MYSQL\"}",
       "ingestionTime": 1735689601456, "eventId": "3819287465928374658"},
      {"logStreamName": "db-ABC", "timestamp": 1.7356896E12, "message": ""}
    ],
    "searchedLogStreams": [{"logStreamName": "db-ABC", "searchedCompletely": true}],
    "somethingNew": {"x": 1},
    "nextToken": "next-page"})"));
  ASSERT_TRUE(output.has_value()) << output.error().describe();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->events[0].log_stream_name, "db-ABC");
  EXPECT_EQ(output->events[0].timestamp_ms, 1735689600123);
  EXPECT_EQ(output->events[0].message, R"({"engine":"MYSQL"})");
  EXPECT_EQ(output->events[0].ingestion_time_ms, 1735689601456);
  EXPECT_EQ(output->events[0].event_id, "3819287465928374658");
  EXPECT_EQ(output->events[1].timestamp_ms, 1735689600000);
  EXPECT_EQ(output->events[1].ingestion_time_ms, 0);
  EXPECT_EQ(output->next_token, "next-page");
}

TEST(ParseFilterLogEvents, AnEmptyPageMayStillHaveANextToken) {
  const auto output = parse_filter_log_events(answer(200, R"({"events":[],"nextToken":"more"})"));
  ASSERT_TRUE(output.has_value());
  EXPECT_TRUE(output->events.empty());
  EXPECT_EQ(output->next_token, "more");
}

TEST(ParseFilterLogEvents, NoOrAnEmptyTokenMeansTheLastPage) {
  EXPECT_EQ(parse_filter_log_events(answer(200, R"({"events":[]})"))->next_token, std::nullopt);
  EXPECT_EQ(parse_filter_log_events(answer(200, R"({"nextToken":""})"))->next_token, std::nullopt);
  EXPECT_EQ(parse_filter_log_events(answer(200, R"({})"))->events.size(), 0u);
}

TEST(ParseFilterLogEvents, AMalformedFieldIsAnErrorNamingIt) {
  for (const auto& [body, problem] : std::vector<std::pair<std::string, std::string>>{
           {R"({"events":[{"message":"x"}]})", "events[0]: missing member timestamp"},
           {R"({"events":[{"timestamp":"1735689600000"}]})", "events[0].timestamp: expected a whole number"},
           {R"({"events":[{"timestamp":1.5}]})", "events[0].timestamp: expected a whole number, got a fraction"},
           {R"({"events":[{"timestamp":1e300}]})", "events[0].timestamp: number out of range"},
           {R"({"events":[{"timestamp":1,"message":7}]})", "events[0].message: expected a string"},
           {R"({"events":{}})", "events: expected an array"},
           {R"({"nextToken":5})", "nextToken: expected a string"},
           {R"([])", "top level: expected an object"},
           {R"({"events":[)", "not valid JSON"}}) {
    const auto output = parse_filter_log_events(answer(200, body));
    ASSERT_FALSE(output.has_value()) << body;
    EXPECT_EQ(output.error().kind, ErrorKind::malformed_response) << body;
    EXPECT_THAT(output.error().message, HasSubstr("FilterLogEvents answer")) << body;
    EXPECT_THAT(output.error().message, HasSubstr(problem)) << body;
  }
}

// The answer is read as it is parsed; it must take what a document tree would: the last of duplicate members, a
// null member as an absent one.
TEST(ParseFilterLogEvents, TheLastOfDuplicateMembersCountsAndNullIsAbsent) {
  const auto output = parse_filter_log_events(answer(200, R"({
    "events": [{"timestamp": "not yet"}],
    "events": [{"logStreamName": null, "timestamp": 5, "timestamp": 7, "message": "old", "message": "new",
                "ingestionTime": null, "eventId": null}],
    "nextToken": 5, "nextToken": null})"));
  ASSERT_TRUE(output.has_value()) << output.error().describe();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].log_stream_name, "");
  EXPECT_EQ(output->events[0].timestamp_ms, 7);
  EXPECT_EQ(output->events[0].message, "new");
  EXPECT_EQ(output->events[0].ingestion_time_ms, 0);
  EXPECT_EQ(output->events[0].event_id, "");
  EXPECT_EQ(output->next_token, std::nullopt);
}

// The first problem is the one a reader asking for each event's members in turn meets: events in order, then an
// event's logStreamName, timestamp, message, ingestionTime and eventId, whatever order the answer writes them in;
// the events before the nextToken.
TEST(ParseFilterLogEvents, TheFirstProblemNamedIsTheFirstOneAReaderMeets) {
  for (const auto& [body, problem] : std::vector<std::pair<std::string, std::string>>{
           {R"({"events":[{"eventId":1,"message":2,"timestamp":3,"logStreamName":4}]})",
            "events[0].logStreamName: expected a string, got number"},
           {R"({"events":[{"eventId":1,"message":2}]})", "events[0]: missing member timestamp"},
           {R"({"events":[{"eventId":1,"ingestionTime":"x","timestamp":3}]})",
            "events[0].ingestionTime: expected a whole number, got string"},
           {R"({"nextToken":[],"events":[{"timestamp":1},{"timestamp":{}},{"message":1}]})",
            "events[1].timestamp: expected a whole number, got object"},
           {R"({"nextToken":[],"events":[{"timestamp":1},[]]})", "events[1]: expected an object, got array"},
           {R"({"events":null,"nextToken":true})", "nextToken: expected a string, got boolean"},
           {R"("events")", "top level: expected an object, got string"},
           {R"({"events":[{"timestamp":1E400}]})", "not valid JSON: a number out of range"}}) {
    const auto output = parse_filter_log_events(answer(200, body));
    ASSERT_FALSE(output.has_value()) << body;
    EXPECT_EQ(output.error().message,
              "FilterLogEvents answer" + std::string(problem.starts_with("not valid") ? " is " : ": ") + problem)
        << body;
  }
}

TEST(ParseFilterLogEvents, AMissingStreamIsResourceNotFoundWhateverTheNamespace) {
  for (const std::string type : {"ResourceNotFoundException", "com.amazonaws.logs#ResourceNotFoundException"}) {
    const auto output = parse_filter_log_events(
        answer(400, R"({"__type":")" + type + R"(","message":"The specified log stream does not exist."})",
               {{"x-amzn-RequestId", "req-1"}}));
    ASSERT_FALSE(output.has_value());
    EXPECT_EQ(output.error().kind, ErrorKind::service);
    EXPECT_EQ(output.error().code, "ResourceNotFoundException");
    EXPECT_EQ(output.error().message, "The specified log stream does not exist.");
    EXPECT_EQ(output.error().http_status, 400);
    EXPECT_EQ(output.error().request_id, "req-1");
  }
}

TEST(ParseFilterLogEvents, ThrottlingKeepsItsCode) {
  const auto output =
      parse_filter_log_events(answer(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})"));
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().code, "ThrottlingException");
}

TEST(ParseLogStreamArn, ReadsGroupAndStreamOfAnEnhancedMonitoringArn) {
  const auto location = parse_log_stream_arn(kStreamArn);
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->log_group_name, "RDSOSMetrics");
  EXPECT_EQ(location->log_stream_name, "db-ABCDEFGHIJKLMNOPQRSTU1VW2X");

  const auto china = parse_log_stream_arn("arn:aws-cn:logs:cn-north-1:123456789012:log-group:g:log-stream:s");
  ASSERT_TRUE(china.has_value());
  EXPECT_EQ(china->log_group_name, "g");
  EXPECT_EQ(china->log_stream_name, "s");
}

TEST(ParseLogStreamArn, RefusesEverythingElse) {
  for (const char* text : {"",
                           "arn",
                           "arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics:*",
                           "arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics",
                           "arn:aws:rds:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:db-A",
                           "arn:aws:logs:eu-west-1:123456789012:log-group::log-stream:db-A",
                           "arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:",
                           "arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:db-A:extra",
                           "arn::logs:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:db-A",
                           "arn:aws:logs::123456789012:log-group:RDSOSMetrics:log-stream:db-A",
                           "urn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:db-A",
                           "arn:aws:logs:eu-west-1:123456789012:loggroup:RDSOSMetrics:logstream:db-A"}) {
    EXPECT_EQ(parse_log_stream_arn(text), std::nullopt) << text;
  }
}

TEST(EnhancedMonitoringStream, ComesFromTheArnElseFromTheResourceId) {
  DbInstance instance;
  instance.identifier = "orders-db-1";
  instance.resource_id = "db-ABCDEFGHIJKLMNOPQRSTU1VW2X";
  EXPECT_EQ(enhanced_monitoring_stream(instance), std::nullopt) << "MonitoringInterval 0: off";

  instance.monitoring_interval = 60;
  instance.enhanced_monitoring_resource_arn =
      "arn:aws:logs:eu-west-1:123456789012:log-group:CustomGroup:log-stream:db-FROMTHEARN";
  auto stream = enhanced_monitoring_stream(instance);
  ASSERT_TRUE(stream.has_value());
  EXPECT_EQ(stream->log_group_name, "CustomGroup");
  EXPECT_EQ(stream->log_stream_name, "db-FROMTHEARN");

  instance.enhanced_monitoring_resource_arn = "not an arn";
  stream = enhanced_monitoring_stream(instance);
  ASSERT_TRUE(stream.has_value());
  EXPECT_EQ(stream->log_group_name, "RDSOSMetrics");
  EXPECT_EQ(stream->log_stream_name, "db-ABCDEFGHIJKLMNOPQRSTU1VW2X");

  instance.enhanced_monitoring_resource_arn.reset();
  instance.resource_id.clear();
  EXPECT_EQ(enhanced_monitoring_stream(instance), std::nullopt) << "nothing names a stream";
}

}  // namespace
}  // namespace rds_exporter::aws
