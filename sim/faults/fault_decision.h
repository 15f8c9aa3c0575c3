#pragma once

#include "sim/protocol/api_error.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// How a request reached the simulator, which decides the form of an injected error.
enum class WireProtocol {
  kQuery,  // AWS Query (RDS, CloudWatch, STS): XML ErrorResponse
  kJson,   // AWS JSON 1.0 (CloudWatch): __type, mapped from the Query code by the JSON reply
  kRest,   // by URL path (instance metadata, container credentials, SSO portal)
};

enum class FaultAction {
  kPass,
  // Answer `error` instead of running the operation.
  kError,
  // Close the connection without answering, as a load balancer resetting it would.
  kDropConnection,
  // Answer with the body cut short while Content-Length still announces all of it.
  kTruncateBody,
  // Answer with a body that is not valid XML or JSON.
  kMalformBody,
};

// What to do with one request: wait `delay`, then `action`.
struct FaultDecision {
  std::chrono::milliseconds delay{0};
  FaultAction action = FaultAction::kPass;
  // Set for kError: AWS's throttling or server error as the service sends it.
  std::optional<ApiError> error;
  // What RequestStats counts the request as: "fault:Throttling", "fault:drop", ...; empty for kPass.
  std::string outcome;

  bool operator==(const FaultDecision&) const = default;
};

// AWS's throttling answer over `protocol` (docs/aws-wire-formats.md#query-error-answers and
// docs/aws-wire-formats.md#common-error-codes): 400 Throttling "Rate exceeded" from every Query service (RDS,
// CloudWatch, STS), whose JSON replies name it ThrottlingException; 429 TooManyRequestsException from the REST ones.
ApiError throttling_error(WireProtocol protocol);

// A server fault: 500 InternalFailure (CloudWatch's modelled InternalServiceError) or 503 ServiceUnavailable.
ApiError server_error(std::string_view service, int status);

}  // namespace rds_exporter::sim
