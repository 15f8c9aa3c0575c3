#pragma once

#include "sim/common/http_reply.h"
#include "sim/protocol/query_service.h"

namespace rds_exporter::sim::logs {

// The answer to an AWS JSON 1.1 request (Content-Type application/x-amz-json-1.1): the document with 200, or
// {"__type": T, "message": M} with the error's status. CloudWatch Logs' own errors are coded by their __type
// already; the errors every service shares get the names CloudWatch Logs' model gives them (an injected Throttling
// is ThrottlingException, InternalFailure and ServiceUnavailable ServiceUnavailableException, AccessDenied
// AccessDeniedException, InvalidClientTokenId UnrecognizedClientException, ...). The caller adds x-amzn-RequestId.
HttpReply logs_reply(OperationOutcome outcome);

}  // namespace rds_exporter::sim::logs
