#include "aws/retry/error_classification.h"

#include <gtest/gtest.h>

#include <string>

namespace rds_exporter::aws {
namespace {

AwsError service_error(std::string code, int http_status) {
  AwsError error;
  error.kind = ErrorKind::service;
  error.code = std::move(code);
  error.http_status = http_status;
  return error;
}

AwsError failure_of_kind(ErrorKind kind, std::string code) {
  AwsError error;
  error.kind = kind;
  error.code = std::move(code);
  return error;
}

struct Case {
  std::string code;
  int http_status;
};

TEST(ErrorClassification, ThrottlingCodesAreThrottlingAndRetryable) {
  for (const auto& [code, status] : std::initializer_list<Case>{{"Throttling", 400},
                                                                {"ThrottlingException", 400},
                                                                {"TooManyRequestsException", 400},
                                                                {"RequestLimitExceeded", 503},
                                                                {"LimitExceededException", 400},
                                                                {"SlowDown", 503},
                                                                {"ProvisionedThroughputExceededException", 400}}) {
    const auto error = service_error(code, status);
    EXPECT_TRUE(is_throttling(error)) << code;
    EXPECT_TRUE(is_retryable(error)) << code;
  }
}

TEST(ErrorClassification, Http429IsThrottlingWhateverTheCode) {
  const auto error = service_error("SomethingNew", 429);
  EXPECT_TRUE(is_throttling(error));
  EXPECT_TRUE(is_retryable(error));
}

TEST(ErrorClassification, CloudWatchsLimitExceededFaultIsNotThrottling) {
  const auto error = service_error("LimitExceeded", 400);
  EXPECT_FALSE(is_throttling(error));
  EXPECT_FALSE(is_retryable(error));
}

TEST(ErrorClassification, ServerErrorsAreRetryableButNotThrottling) {
  for (const int status : {500, 502, 503, 504}) {
    const auto error = service_error(status == 500 ? "InternalFailure" : "ServiceUnavailable", status);
    EXPECT_TRUE(is_retryable(error)) << status;
    EXPECT_FALSE(is_throttling(error)) << status;
  }
  EXPECT_TRUE(is_retryable(service_error("", 502)));
  EXPECT_FALSE(is_retryable(service_error("NotImplemented", 501)));
}

TEST(ErrorClassification, TransientCodesAreRetryable) {
  for (const std::string code :
       {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError"}) {
    EXPECT_TRUE(is_retryable(service_error(code, 400))) << code;
  }
}

TEST(ErrorClassification, NetworkFailuresAndMalformedAnswersAreRetryable) {
  EXPECT_TRUE(is_retryable(failure_of_kind(ErrorKind::network, "NetworkError")));
  EXPECT_TRUE(is_retryable(failure_of_kind(ErrorKind::malformed_response, "MalformedResponse")));
  EXPECT_FALSE(is_throttling(failure_of_kind(ErrorKind::network, "NetworkError")));
}

TEST(ErrorClassification, MissingCredentialsAreNotRetried) {
  EXPECT_FALSE(is_retryable(failure_of_kind(ErrorKind::credentials, "CredentialsError")));
}

TEST(ErrorClassification, ClientErrorsAreNotRetried) {
  for (const auto& [code, status] : std::initializer_list<Case>{{"AccessDenied", 403},
                                                                {"AccessDeniedException", 400},
                                                                {"SignatureDoesNotMatch", 403},
                                                                {"InvalidClientTokenId", 403},
                                                                {"ValidationError", 400},
                                                                {"InvalidParameterValue", 400},
                                                                {"ExpiredToken", 403},
                                                                {"ExpiredTokenException", 400},
                                                                {"DBInstanceNotFound", 404},
                                                                {"OptInRequired", 403}}) {
    const auto error = service_error(code, status);
    EXPECT_FALSE(is_retryable(error)) << code;
    EXPECT_FALSE(is_throttling(error)) << code;
  }
}

TEST(ErrorClassification, RecognisesClockSkewCodes) {
  for (const std::string code : {"RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException",
                                 "SignatureDoesNotMatch", "AuthFailure", "RequestInTheFuture"}) {
    EXPECT_TRUE(is_clock_skew_code(code)) << code;
  }
  for (const std::string code : {"Throttling", "AccessDenied", "ExpiredToken", "InvalidClientTokenId", ""}) {
    EXPECT_FALSE(is_clock_skew_code(code)) << code;
  }
}

TEST(ErrorClassification, RecognisesExpiredCredentialsCodes) {
  EXPECT_TRUE(is_expired_credentials_code("ExpiredToken"));
  EXPECT_TRUE(is_expired_credentials_code("ExpiredTokenException"));
  for (const std::string code : {"RequestExpired", "InvalidClientTokenId", "AccessDenied", "Throttling", ""}) {
    EXPECT_FALSE(is_expired_credentials_code(code)) << code;
  }
}

}  // namespace
}  // namespace rds_exporter::aws
