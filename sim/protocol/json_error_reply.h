#pragma once

#include "sim/common/http_reply.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_service.h"

#include <span>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// An error every AWS service shares, known to the simulator by its Query code ("Throttling"), and the __type an AWS
// JSON service names it by ("ThrottlingException").
struct JsonErrorName {
  std::string_view code;
  std::string_view type;
};

// The JSON __type of `error`: its name in `overrides` when listed there, else the name AWS JSON services commonly
// give it (InvalidAction UnknownOperationException, Throttling ThrottlingException, AccessDenied
// AccessDeniedException, InvalidClientTokenId UnrecognizedClientException, SignatureDoesNotMatch
// InvalidSignatureException, IncompleteSignature IncompleteSignatureException, MissingAuthenticationToken
// MissingAuthenticationTokenException, ExpiredToken ExpiredTokenException), else its code (a JSON service's own
// errors are coded by their __type already). Services differ on server errors, which `overrides` names.
std::string aws_json_error_type(const ApiError& error, std::span<const JsonErrorName> overrides);

// The answer of an AWS JSON service with Content-Type `content_type`: the document with 200, or
// {"__type": T, "<message_member>": M} with the error's status (services differ on "Message" and "message"). The
// caller adds x-amzn-RequestId.
HttpReply aws_json_reply(OperationOutcome outcome, std::string_view content_type,
                         std::span<const JsonErrorName> overrides, std::string_view message_member);

}  // namespace rds_exporter::sim
