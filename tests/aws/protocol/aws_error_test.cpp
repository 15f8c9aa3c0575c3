#include "aws/protocol/aws_error.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

TEST(AwsErrorDescribe, NamesCodeStatusMessageAndRequestId) {
  AwsError error;
  error.code = "Throttling";
  error.http_status = 400;
  error.message = "Rate exceeded";
  error.request_id = "9d1f0c4e-1234-5678-9abc-def012345678";
  EXPECT_EQ(error.describe(), "Throttling (HTTP 400): Rate exceeded [request id 9d1f0c4e-1234-5678-9abc-def012345678]");
}

TEST(AwsErrorDescribe, LeavesOutWhatIsUnknown) {
  AwsError error;
  error.kind = ErrorKind::network;
  error.code = "NetworkError";
  error.message = "connection refused";
  EXPECT_EQ(error.describe(), "NetworkError: connection refused");
}

TEST(AwsErrorDescribe, CountsAttemptsWhenThereWereRetries) {
  AwsError error;
  error.code = "InternalFailure";
  error.http_status = 500;
  error.attempts = 3;
  EXPECT_EQ(error.describe(), "InternalFailure (HTTP 500) after 3 attempts");
}

}  // namespace
}  // namespace rds_exporter::aws
