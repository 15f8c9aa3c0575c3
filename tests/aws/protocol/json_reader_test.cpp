#include "aws/protocol/json_protocol.h"
#include "aws/protocol/json_reader.h"

#include "../canned_answer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

std::string problem_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const MalformedResponseError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ParseJsonDocument, SaysWhereTheSyntaxBreaksWithoutQuotingTheText) {
  const std::string truncated = R"({"roleCredentials":{"accessKeyId":"ASIA","secretAccessKey":"wJalrXUtnFEMI/K7MDE)";
  const auto document = parse_json_document(truncated);
  ASSERT_FALSE(document.has_value());
  EXPECT_THAT(document.error(), HasSubstr("not valid JSON: syntax error at byte"));
  EXPECT_THAT(document.error(), HasSubstr("of " + std::to_string(truncated.size())));
  EXPECT_THAT(document.error(), Not(HasSubstr("wJalr")));
}

TEST(ParseJsonDocument, RejectsTrailingGarbage) {
  EXPECT_FALSE(parse_json_document(R"({"NextToken":"t"}}}})").has_value());
  EXPECT_FALSE(parse_json_document("").has_value());
}

TEST(ParseJsonDocument, RejectsANumberOutOfDoubleRangeWithoutQuotingIt) {
  const auto document = parse_json_document(R"({"Values":[1E400]})");
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error(), "not valid JSON: a number out of range");
  EXPECT_FALSE(parse_json_document("-1e99999").has_value());
}

TEST(JsonElement, ReadsMembersArraysAndNumbers) {
  const auto json = nlohmann::json::parse(R"({"Id":"cpu","Values":[12.5,11,1.5E2],"Null":null,"T":1.7145648E9})");
  const JsonElement root(json, "");
  EXPECT_EQ(root.required_string("Id"), "cpu");
  EXPECT_EQ(root.optional_string("Null"), std::nullopt);
  EXPECT_EQ(root.optional_string("Absent"), std::nullopt);
  const auto values = root.optional_array("Values");
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[1].to_double(), 11.0);
  EXPECT_EQ(values[2].to_double(), 150.0);
  EXPECT_EQ(values[2].path(), "Values[2]");
  EXPECT_EQ(root.required_member("T").to_epoch_seconds(), TimePoint{1714564800s});
  EXPECT_TRUE(root.optional_array("Null").empty());
}

TEST(JsonElement, NamesThePathOfAValueOfTheWrongType) {
  const auto json = nlohmann::json::parse(R"({"Results":[{"Id":"a"},{"Id":7}],"List":{},"Text":"x"})");
  const JsonElement root(json, "");
  const auto results = root.optional_array("Results");
  EXPECT_EQ(problem_of([&] { results[1].required_string("Id"); }), "Results[1].Id: expected a string, got number");
  EXPECT_EQ(problem_of([&] { root.optional_array("List"); }), "List: expected an array, got object");
  EXPECT_EQ(problem_of([&] { root.required_member("Text").to_double(); }), "Text: expected a number, got string");
  EXPECT_EQ(problem_of([&] { root.required_string("Missing"); }), "top level: missing member Missing");
  EXPECT_EQ(problem_of([&] { results[0].member("Id")->member("x"); }), "Results[0].Id: expected an object, got string");
}

TEST(JsonElement, RejectsTimesOutOfRange) {
  const auto json = nlohmann::json::parse(R"({"T":1e300})");
  EXPECT_EQ(problem_of([&] { JsonElement(json, "").required_member("T").to_epoch_seconds(); }),
            "T: epoch seconds out of range");
}

TEST(JsonElement, ReadsWholeNumbersAsInt64) {
  const auto json = nlohmann::json::parse(
      R"({"Ms":1735689600123,"Negative":-5,"Exponent":1.5E12,"Max":9223372036854775807,"Absent":null})");
  const JsonElement root(json, "");
  EXPECT_EQ(root.required_member("Ms").to_int64(), 1735689600123);
  EXPECT_EQ(root.required_member("Negative").to_int64(), -5);
  EXPECT_EQ(root.required_member("Exponent").to_int64(), 1500000000000);
  EXPECT_EQ(root.required_member("Max").to_int64(), 9223372036854775807);
  EXPECT_EQ(root.optional_int64("Absent"), std::nullopt);
  EXPECT_EQ(root.optional_int64("Missing"), std::nullopt);
}

TEST(JsonElement, RefusesWhatIsNoInt64) {
  const auto json = nlohmann::json::parse(
      R"({"Fraction":1.5,"Huge":18446744073709551615,"Float":1e300,"NegativeFloat":-1e19,"Text":"12"})");
  const JsonElement root(json, "");
  EXPECT_EQ(problem_of([&] { root.optional_int64("Fraction"); }), "Fraction: expected a whole number, got a fraction");
  EXPECT_EQ(problem_of([&] { root.optional_int64("Huge"); }), "Huge: number out of range");
  EXPECT_EQ(problem_of([&] { root.optional_int64("Float"); }), "Float: number out of range");
  EXPECT_EQ(problem_of([&] { root.optional_int64("NegativeFloat"); }), "NegativeFloat: number out of range");
  EXPECT_EQ(problem_of([&] { root.optional_int64("Text"); }), "Text: expected a whole number, got string");
}

common::Expected<std::string, AwsError> read_token(const common::HttpResponse& response) {
  return read_json_result<std::string>(response, "GetMetricData",
                                       [](const JsonElement& output) { return output.required_string("NextToken"); });
}

TEST(ReadJsonResult, HandsTheDocumentToTheReader) {
  const auto token = read_token(answer(200, R"({"NextToken":"t1"})"));
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(*token, "t1");
}

TEST(ReadJsonResult, TurnsShapeAndSyntaxProblemsIntoMalformedResponses) {
  const auto missing = read_token(answer(200, "{}", {{"x-amzn-requestid", "r1"}}));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(missing.error().code, "MalformedResponse");
  EXPECT_EQ(missing.error().message, "GetMetricData answer: top level: missing member NextToken");
  EXPECT_EQ(missing.error().request_id, "r1");

  const auto garbage = read_token(answer(200, R"({"NextToken":"t1"}}}})"));
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(garbage.error().message, HasSubstr("GetMetricData answer is not valid JSON"));

  const auto huge = read_token(answer(200, R"({"NextToken":"t1","Values":[1E400]})"));
  ASSERT_FALSE(huge.has_value());
  EXPECT_EQ(huge.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(huge.error().message, "GetMetricData answer is not valid JSON: a number out of range");

  const auto array = read_token(answer(200, "[]"));
  ASSERT_FALSE(array.has_value());
  EXPECT_EQ(array.error().message, "GetMetricData answer: top level: expected an object, got array");
}

TEST(ReadJsonResult, DecodesAnErrorAnswer) {
  const auto token = read_token(answer(400, R"({"__type":"com.amazon.coral.availability#ThrottlingException"})",
                                       {{"x-amzn-query-error", "Throttling;Sender"}}));
  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().kind, ErrorKind::service);
  EXPECT_EQ(token.error().code, "Throttling");
}

}  // namespace
}  // namespace rds_exporter::aws
