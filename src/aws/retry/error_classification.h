#pragma once

#include "aws/protocol/aws_error.h"

#include <string_view>

namespace rds_exporter::aws {

// The retry conditions of AWS's SDKs in standard mode (botocore retries/standard.py, @smithy's
// service-error-classification): docs/retries-and-endpoints.md#which-errors-are-retried.

// Throttling codes, and HTTP 429.
bool is_throttling(const AwsError& error);
// Worth another attempt as it is: throttling, 500/502/503/504, timeout codes, network failures,
// STS's IDPCommunicationError. Never AccessDenied, SignatureDoesNotMatch, InvalidClientTokenId or
// validation errors: repeating them only wastes quota.
bool is_retryable(const AwsError& error);
// Codes AWS answers when the signing time is off; retried once if the server's Date shows our clock
// was skewed.
bool is_clock_skew_code(std::string_view code);
// The session token expired: fresh credentials, not a retry of the same ones, can help.
bool is_expired_credentials_code(std::string_view code);

}  // namespace rds_exporter::aws
