#include "sim/faults/fault_decision.h"

namespace rds_exporter::sim {

ApiError throttling_error(WireProtocol protocol) {
  if (protocol == WireProtocol::kRest) return {429, "TooManyRequestsException", "Too Many Requests"};
  // JSON replies carry the Query code too: json_reply turns "Throttling" into the __type
  // com.amazon.coral.availability#ThrottlingException and x-amzn-query-error: Throttling;Sender.
  return {400, "Throttling", "Rate exceeded"};
}

ApiError server_error(std::string_view service, int status) {
  if (status == 503)
    return {503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."};
  // CloudWatch's model names its 500 InternalServiceFault, Query code InternalServiceError
  // (docs/aws-wire-formats.md#aws-json-error-answers).
  if (service == "monitoring") return {500, "InternalServiceError", "Internal service error."};
  return {500, "InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure."};
}

}  // namespace rds_exporter::sim
