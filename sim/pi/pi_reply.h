#pragma once

#include "sim/common/http_reply.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_service.h"

#include <string>

namespace rds_exporter::sim::pi {

// The JSON __type of an error: Performance Insights' own errors are coded by it already; the errors every AWS
// service shares are known to the simulator by their Query codes and get the names AWS JSON services give them
// (InvalidClientTokenId is UnrecognizedClientException, SignatureDoesNotMatch InvalidSignatureException, an
// unknown operation UnknownOperationException, an injected Throttling ThrottlingException, InternalFailure the
// model's InternalServiceError, ...).
std::string error_type(const ApiError& error);

// The answer to an AWS JSON 1.1 request (Content-Type application/x-amz-json-1.1): the document with 200, or
// {"__type":..,"Message":..} with the error's status. The caller adds x-amzn-RequestId.
HttpReply pi_reply(OperationOutcome outcome);

}  // namespace rds_exporter::sim::pi
