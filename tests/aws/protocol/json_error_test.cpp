#include "aws/protocol/json_protocol.h"

#include "../canned_answer.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::answer;

// docs/aws-wire-formats.md#aws-json-error-answers.
TEST(DecodeJsonError, SanitizesTheTypeLikeTheJsSdk) {
  const AwsError error = decode_json_error(
      answer(400, R"({"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"bad period"})",
             {{"x-amzn-requestid", "cw-1"}}));
  EXPECT_EQ(error.kind, ErrorKind::service);
  EXPECT_EQ(error.code, "InvalidParameterValueException");
  EXPECT_EQ(error.message, "bad period");
  EXPECT_EQ(error.request_id, "cw-1");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_FALSE(error.retryable);
  EXPECT_FALSE(error.throttling);
}

// botocore's protocol test json_1_0-query-compatible.json.
TEST(DecodeJsonError, PrefersTheQueryCodeOfAQueryCompatibleService) {
  const AwsError error =
      decode_json_error(answer(400, R"({"__type":"aws.protocoltests.json10#CustomCodeError","message":"Hi"})",
                               {{"x-amzn-query-error", "Customized;Sender"}}));
  EXPECT_EQ(error.code, "Customized");
  EXPECT_EQ(error.message, "Hi");
}

// What the JS SDK surfaces for this answer (docs/aws-wire-formats.md#aws-json-error-answers):
// Code=InvalidParameterValue.
TEST(DecodeJsonError, SurfacesTheSameCodeAsTheQueryProtocol) {
  const AwsError error = decode_json_error(
      answer(400, R"({"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"x"})",
             {{"x-amzn-query-error", "InvalidParameterValue;Sender"}}));
  EXPECT_EQ(error.code, "InvalidParameterValue");
}

TEST(DecodeJsonError, ReadsTheErrorTypeHeaderWithoutItsSuffix) {
  const AwsError error = decode_json_error(
      answer(401, R"({"message":"Session token not found or invalid"})",
             {{"x-amzn-errortype", "UnauthorizedException:http://internal.amazon.com/coral/com.amazon.coral.sso/"}}));
  EXPECT_EQ(error.code, "UnauthorizedException");
  EXPECT_EQ(error.message, "Session token not found or invalid");
}

TEST(DecodeJsonError, CutsAtACommaBeforeAColon) {
  const AwsError error = decode_json_error(answer(400, R"({"__type":"ns#ThrottlingException,Other:x"})"));
  EXPECT_EQ(error.code, "ThrottlingException");
}

TEST(DecodeJsonError, ReadsACodeMemberAndACapitalisedMessage) {
  const AwsError error = decode_json_error(answer(400, R"({"Code":"ValidationError","Message":"Period too short"})"));
  EXPECT_EQ(error.code, "ValidationError");
  EXPECT_EQ(error.message, "Period too short");
}

TEST(DecodeJsonError, TakesTheCodeFromTheHeaderWhenTheBodyIsNotJson) {
  const AwsError error =
      decode_json_error(answer(503, "<html>down</html>", {{"x-amzn-query-error", "ServiceUnavailable;Receiver"}}));
  EXPECT_EQ(error.code, "ServiceUnavailable");
  EXPECT_EQ(error.message, "");
}

TEST(DecodeJsonError, FallsBackToTheStatusWithoutAnyCode) {
  const AwsError html = decode_json_error(answer(502, "<html>Bad Gateway</html>", {{"content-type", "text/html"}}));
  EXPECT_EQ(html.kind, ErrorKind::service);
  EXPECT_EQ(html.code, "HTTP502");
  EXPECT_EQ(html.message, "error answer is not JSON (content-type text/html)");
  const AwsError untyped = decode_json_error(answer(500, R"({"message":"boom"})"));
  EXPECT_EQ(untyped.code, "HTTP500");
  EXPECT_EQ(untyped.message, "error answer has no error type");
}

}  // namespace
}  // namespace rds_exporter::aws
