#pragma once

#include "sim/protocol/api_error.h"

#include <chrono>
#include <string_view>

namespace rds_exporter::sim {

// The errors every AWS Query service answers alike, with AWS's codes, statuses and wording (see
// docs/aws-wire-formats.md#common-error-codes and the sources cited in sim/README.md).

// No Authorization header and no X-Amz-Signature.
ApiError missing_authentication_token();
// An Authorization header or presigned query that cannot be parsed.
ApiError incomplete_signature(std::string_view message);
// An access key nobody has, or a session token that does not belong to it.
ApiError invalid_client_token_id();
ApiError signature_does_not_match();
// SignatureDoesNotMatch with a reason of its own, as AWS gives for scope and clock problems.
ApiError signature_does_not_match(std::string_view message);
// SignatureDoesNotMatch for a request signed for another service than the one whose endpoint it reached.
ApiError wrong_service_scope(std::string_view expected_signing_name);
ApiError expired_token();
ApiError access_denied(std::string_view principal_arn, std::string_view action, std::string_view resource);
ApiError missing_action();
ApiError invalid_action(std::string_view action, std::string_view version);
ApiError missing_parameter(std::string_view name);
ApiError invalid_parameter_value(std::string_view message);

// A signature more than 15 minutes before `now` ("Signature expired") or after it ("Signature not yet
// current"); AWS reports both as SignatureDoesNotMatch.
ApiError signature_expired(std::chrono::system_clock::time_point signed_at, std::chrono::system_clock::time_point now,
                           std::chrono::seconds allowed);
ApiError signature_not_yet_current(std::chrono::system_clock::time_point signed_at,
                                   std::chrono::system_clock::time_point now, std::chrono::seconds allowed);

}  // namespace rds_exporter::sim
