#include "aws/protocol/query_protocol.h"

#include "../canned_answer.h"
#include "../reference_document.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using testing::reference_document;

// docs/aws-wire-formats.md#query-error-answers, botocore's captured RDS error.
TEST(DecodeQueryError, ReadsAnRdsErrorResponse) {
  const AwsError error = decode_query_error(answer(404, reference_document("rds_error.xml")));
  EXPECT_EQ(error.kind, ErrorKind::service);
  EXPECT_EQ(error.code, "DBInstanceNotFound");
  EXPECT_EQ(error.message, "DBInstance foobar not found.");
  EXPECT_EQ(error.request_id, "b41f03f1-b7f8-11e2-9b07-955bffd33505");
  EXPECT_EQ(error.http_status, 404);
  EXPECT_FALSE(error.retryable);
  EXPECT_FALSE(error.throttling);
}

TEST(DecodeQueryError, LeavesThrottlingClassificationToTheRetryPolicy) {
  const AwsError error = decode_query_error(answer(400, reference_document("throttling_error.xml")));
  EXPECT_EQ(error.code, "Throttling");
  EXPECT_EQ(error.message, "Rate exceeded");
  EXPECT_EQ(error.request_id, "9d1f0c4e-1234-5678-9abc-def012345678");
  EXPECT_FALSE(error.throttling);
  EXPECT_FALSE(error.retryable);
}

TEST(DecodeQueryError, ReadsTheEc2Form) {
  const AwsError error = decode_query_error(
      answer(503,
             "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
             "</Message></Error></Errors><RequestID>ec2-request-1</RequestID></Response>"));
  EXPECT_EQ(error.code, "RequestLimitExceeded");
  EXPECT_EQ(error.message, "Request limit exceeded.");
  EXPECT_EQ(error.request_id, "ec2-request-1");
  EXPECT_EQ(error.http_status, 503);
}

TEST(DecodeQueryError, TakesTheRequestIdFromTheHeaderWhenTheBodyHasNone) {
  const AwsError error = decode_query_error(answer(
      403, "<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>", {{"x-amzn-requestid", "hdr-1"}}));
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_EQ(error.message, "");
  EXPECT_EQ(error.request_id, "hdr-1");
}

TEST(DecodeQueryError, DecodesEntitiesInTheMessage) {
  const AwsError error = decode_query_error(
      answer(400,
             "<ErrorResponse><Error><Code>InvalidParameterValue</Code><Message>Value &lt;x&gt; &amp; "
             "&quot;y&apos; is invalid</Message></Error></ErrorResponse>"));
  EXPECT_EQ(error.message, "Value <x> & \"y' is invalid");
}

TEST(DecodeQueryError, FallsBackToTheStatusForALoadBalancersHtmlPage) {
  const AwsError error =
      decode_query_error(answer(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
                                {{"content-type", "text/html"}, {"x-amzn-requestid", "lb-1"}}));
  EXPECT_EQ(error.kind, ErrorKind::service);
  EXPECT_EQ(error.code, "HTTP503");
  EXPECT_EQ(error.message, "error answer has no Error element (content-type text/html)");
  EXPECT_EQ(error.request_id, "lb-1");
  EXPECT_EQ(error.http_status, 503);
  EXPECT_FALSE(error.retryable);
}

TEST(DecodeQueryError, FallsBackToTheStatusForABodyThatIsNotXml) {
  for (const char* body : {"", "Service Unavailable", "<ErrorResponse><Error><Code>Throttl"}) {
    const AwsError error = decode_query_error(answer(500, body));
    EXPECT_EQ(error.code, "HTTP500") << body;
    EXPECT_EQ(error.message, "error answer is not XML") << body;
  }
}

TEST(DecodeQueryError, FallsBackToTheStatusWhenTheErrorHasNoCode) {
  const AwsError error =
      decode_query_error(answer(502, "<ErrorResponse><Error><Message>oops</Message></Error></ErrorResponse>"));
  EXPECT_EQ(error.code, "HTTP502");
  EXPECT_EQ(error.message, "error answer has no error code");
}

}  // namespace
}  // namespace rds_exporter::aws
