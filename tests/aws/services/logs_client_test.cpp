#include "aws/services/logs_client.h"

#include "scripted_clients.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::aws {
namespace {

using ::testing::ElementsAre;
using testing::FakeTransport;
using ::testing::HasSubstr;
using testing::header_of;

constexpr const char* kLogsUrl = "https://logs.eu-west-1.amazonaws.com/";

FilterLogEventsInput input_for(std::vector<std::string> streams) {
  return FilterLogEventsInput{.log_group_name = "RDSOSMetrics",
                              .log_stream_names = std::move(streams),
                              .start_time_ms = 1735689540000,
                              .end_time_ms = 1735689600000};
}

std::string event_json(std::int64_t timestamp_ms) {
  return R"({"logStreamName":"db-ABC","timestamp":)" + std::to_string(timestamp_ms) + R"(,"message":"{}"})";
}

class LogsClientTest : public ::testing::Test {
 protected:
  LogsClient make_client() { return LogsClient(testing::scripted_service_client(transport, kCloudWatchLogsService)); }
  std::vector<nlohmann::json> sent_bodies() const { return testing::sent_bodies(transport); }

  FakeTransport transport;
};

TEST_F(LogsClientTest, SignsFilterLogEventsForLogsAndReadsTheAnswer) {
  transport.answer("POST", kLogsUrl, 200, R"({"events":[)" + event_json(1735689560000) + "]}");
  const auto output = make_client().filter_log_events_page(input_for({"db-ABC"}));
  ASSERT_TRUE(output.has_value()) << output.error().describe();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].timestamp_ms, 1735689560000);
  EXPECT_EQ(output->next_token, std::nullopt);

  ASSERT_EQ(transport.requests().size(), 1u);
  const OutgoingRequest sent = transport.requests()[0];
  EXPECT_EQ(header_of(sent, "x-amz-target"), "Logs_20140328.FilterLogEvents");
  EXPECT_EQ(header_of(sent, "content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(header_of(sent, "host"), "logs.eu-west-1.amazonaws.com");
  EXPECT_THAT(header_of(sent, "authorization"), HasSubstr("/eu-west-1/logs/aws4_request"));
}

TEST_F(LogsClientTest, FollowsEveryPageIncludingAnEmptyOneWithAToken) {
  transport.script("POST", kLogsUrl,
                   {FakeTransport::response(200, R"({"events":[)" + event_json(1) + R"(],"nextToken":"t2"})"),
                    FakeTransport::response(200, R"({"events":[],"nextToken":"t3"})"),
                    FakeTransport::response(200, R"({"events":[)" + event_json(2) + "," + event_json(3) + "]}")});
  std::vector<std::int64_t> seen;
  std::vector<std::size_t> page_sizes;
  const auto pages = make_client().filter_log_events(input_for({"db-ABC"}), [&](const FilterLogEventsOutput& page) {
    page_sizes.push_back(page.events.size());
    for (const auto& event : page.events) seen.push_back(event.timestamp_ms);
  });
  ASSERT_TRUE(pages.has_value()) << pages.error().describe();
  EXPECT_EQ(*pages, 3);
  EXPECT_THAT(page_sizes, ElementsAre(1u, 0u, 2u));
  EXPECT_THAT(seen, ElementsAre(1, 2, 3));

  const auto bodies = sent_bodies();
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_FALSE(bodies[0].contains("nextToken"));
  EXPECT_EQ(bodies[1]["nextToken"], "t2");
  EXPECT_EQ(bodies[2]["nextToken"], "t3");
  for (const auto& body : bodies) {
    EXPECT_EQ(body["logGroupName"], "RDSOSMetrics");
    EXPECT_EQ(body["logStreamNames"], nlohmann::json::array({"db-ABC"}));
    EXPECT_EQ(body["startTime"], 1735689540000);
    EXPECT_EQ(body["endTime"], 1735689600000);
  }
}

TEST_F(LogsClientTest, StopsWhenAPageHandsBackATokenItWasSent) {
  transport.answer("POST", kLogsUrl, 200, R"({"events":[],"nextToken":"same"})");
  int calls = 0;
  const auto pages =
      make_client().filter_log_events(input_for({"db-ABC"}), [&](const FilterLogEventsOutput&) { ++calls; });
  ASSERT_FALSE(pages.has_value());
  EXPECT_EQ(pages.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(pages.error().message, HasSubstr("nextToken it had already sent"));
  EXPECT_EQ(transport.requests().size(), 2u);
  EXPECT_EQ(calls, 2);
}

TEST_F(LogsClientTest, StopsOnATokenCycle) {
  transport.script(
      "POST", kLogsUrl,
      {FakeTransport::response(200, R"({"nextToken":"a"})"), FakeTransport::response(200, R"({"nextToken":"b"})"),
       FakeTransport::response(200, R"({"nextToken":"a"})")});
  const auto pages = make_client().filter_log_events(input_for({"db-ABC"}), {});
  ASSERT_FALSE(pages.has_value());
  EXPECT_EQ(pages.error().code, "MalformedResponse");
  EXPECT_EQ(transport.requests().size(), 3u);
}

TEST_F(LogsClientTest, GivesUpAfterAThousandPages) {
  std::vector<TransportResult> answers;
  for (int page = 1; page <= LogsClient::kMaxFilterLogEventsPages + 5; ++page) {
    answers.push_back(FakeTransport::response(200, R"({"nextToken":"t)" + std::to_string(page) + R"("})"));
  }
  transport.script("POST", kLogsUrl, std::move(answers));
  const auto pages = make_client().filter_log_events(input_for({"db-ABC"}), {});
  ASSERT_FALSE(pages.has_value());
  EXPECT_EQ(pages.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(pages.error().message, HasSubstr("still had more after 1000 pages"));
  EXPECT_EQ(transport.requests().size(), static_cast<std::size_t>(LogsClient::kMaxFilterLogEventsPages));
}

TEST_F(LogsClientTest, AMissingStreamFailsWithResourceNotFoundAndIsNotRetried) {
  transport.answer(
      "POST", kLogsUrl, 400,
      R"({"__type":"com.amazonaws.logs#ResourceNotFoundException","message":"The specified log stream does not exist."})");
  const auto pages = make_client().filter_log_events(input_for({"db-ABC", "db-GONE"}), {});
  ASSERT_FALSE(pages.has_value());
  EXPECT_EQ(pages.error().code, "ResourceNotFoundException");
  EXPECT_EQ(pages.error().message, "The specified log stream does not exist.");
  EXPECT_EQ(pages.error().http_status, 400);
  EXPECT_FALSE(pages.error().retryable);
  EXPECT_EQ(transport.requests().size(), 1u);
}

TEST_F(LogsClientTest, RetriesThrottling) {
  transport.script("POST", kLogsUrl,
                   {FakeTransport::response(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})"),
                    FakeTransport::response(200, R"({"events":[]})")});
  ASSERT_TRUE(make_client().filter_log_events_page(input_for({"db-ABC"})).has_value());
  EXPECT_EQ(transport.requests().size(), 2u);
}

TEST_F(LogsClientTest, RefusesWhatAwsWouldRefuseWithoutACall) {
  std::vector<std::string> too_many;
  for (int i = 0; i < 101; ++i) too_many.push_back("db-" + std::to_string(i));
  FilterLogEventsInput no_group = input_for({"db-ABC"});
  no_group.log_group_name.clear();
  FilterLogEventsInput zero_limit = input_for({"db-ABC"});
  zero_limit.limit = 0;
  FilterLogEventsInput huge_limit = input_for({"db-ABC"});
  huge_limit.limit = 10001;
  for (const auto& [input, problem] : std::vector<std::pair<FilterLogEventsInput, std::string>>{
           {input_for({}), "takes 1 to 100 log stream names per call, got 0"},
           {input_for(too_many), "takes 1 to 100 log stream names per call, got 101"},
           {no_group, "needs a log group name"},
           {zero_limit, "limit of 1 to 10000 events, got 0"},
           {huge_limit, "limit of 1 to 10000 events, got 10001"}}) {
    const auto output = make_client().filter_log_events_page(input);
    ASSERT_FALSE(output.has_value()) << problem;
    EXPECT_EQ(output.error().code, "ParamValidation");
    EXPECT_EQ(output.error().http_status, 0);
    EXPECT_EQ(output.error().attempts, 0);
    EXPECT_FALSE(output.error().retryable);
    EXPECT_THAT(output.error().message, HasSubstr(problem));
    EXPECT_FALSE(make_client().filter_log_events(input, {}).has_value());
  }
  std::vector<std::string> hundred(too_many.begin(), too_many.begin() + 100);
  transport.answer("POST", kLogsUrl, 200, R"({"events":[]})");
  EXPECT_TRUE(make_client().filter_log_events_page(input_for(hundred)).has_value());
  EXPECT_EQ(transport.requests().size(), 1u) << "only the valid request was sent";
}

}  // namespace
}  // namespace rds_exporter::aws
