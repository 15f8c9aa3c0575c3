#include "aws/retry/error_classification.h"

#include <algorithm>
#include <array>

namespace rds_exporter::aws {
namespace {

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

constexpr std::array<std::string_view, 14> kThrottlingCodes{
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

constexpr std::array<std::string_view, 5> kTransientCodes{
    "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError", "InternalFailure",
};

// The JavaScript SDK's list; a skew retry happens only when the answer's Date also shows a skewed clock,
// so a genuine AccessDeniedException is not retried.
constexpr std::array<std::string_view, 7> kClockSkewCodes{
    "RequestTimeTooSkewed", "RequestExpired",     "InvalidSignatureException", "SignatureDoesNotMatch",
    "AuthFailure",          "RequestInTheFuture", "AccessDeniedException",
};

constexpr std::array<std::string_view, 2> kExpiredCredentialsCodes{"ExpiredToken", "ExpiredTokenException"};

}  // namespace

bool is_throttling(const AwsError& error) {
  if (error.kind != ErrorKind::service) return false;
  return error.http_status == 429 || contains(kThrottlingCodes, error.code);
}

bool is_retryable(const AwsError& error) {
  switch (error.kind) {
    case ErrorKind::network:
      return true;
    case ErrorKind::credentials:
    case ErrorKind::cancelled:
      return false;
    case ErrorKind::malformed_response:
      // A truncated or garbled answer is a transport accident, not the service's verdict.
      return true;
    case ErrorKind::service:
      break;
  }
  if (is_throttling(error) || contains(kTransientCodes, error.code)) return true;
  return error.http_status == 500 || error.http_status == 502 || error.http_status == 503 || error.http_status == 504;
}

bool is_clock_skew_code(std::string_view code) { return contains(kClockSkewCodes, code); }

bool is_expired_credentials_code(std::string_view code) { return contains(kExpiredCredentialsCodes, code); }

}  // namespace rds_exporter::aws
