#pragma once

#include "sim/common/http_reply.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_service.h"

#include <string>

namespace rds_exporter::sim::cloudwatch {

// The __type of an AWS JSON 1.0 error body for an error known by its Query code
// (docs/aws-wire-formats.md#aws-json-error-answers): CloudWatch's modelled errors by shape ("InvalidParameterValue" is
// "com.amazonaws.cloudwatch#InvalidParameterValueException"), ValidationError, throttling and the authentication and
// authorisation errors by the names AWS's JSON services give them ("com.amazon.coral.validate#ValidationException",
// "com.amazon.coral.service#UnrecognizedClientException" for InvalidClientTokenId, ...; InvalidAction is
// UnknownOperationException). Any other code is its own __type.
std::string json_error_type(const ApiError& error);

// The reply to an AWS JSON 1.0 request (Content-Type application/x-amz-json-1.0): the document with 200, or
// {"__type":..,"message":..} with the error's status. When the request said x-amzn-query-mode: true, an error
// also carries x-amzn-query-error: <Query code>;Sender (Receiver for 5xx), from which query-compatible SDKs
// take the error code. The caller adds x-amzn-RequestId.
HttpReply json_reply(OperationOutcome outcome, bool query_mode);

}  // namespace rds_exporter::sim::cloudwatch
