#include "sim/logs/logs_errors.h"

#include "sim/protocol/common_errors.h"

namespace rds_exporter::sim::logs {

ApiError invalid_parameter(std::string message) { return {400, "InvalidParameterException", std::move(message)}; }

ApiError serialization_error(std::string message) { return {400, "SerializationException", std::move(message)}; }

ApiError log_group_not_found() { return {400, "ResourceNotFoundException", "The specified log group does not exist."}; }

ApiError log_stream_not_found() {
  return {400, "ResourceNotFoundException", "The specified log stream does not exist."};
}

ApiError access_denied(std::string_view principal_arn, std::string_view action, std::string_view resource) {
  // IAM's words, as every service has them, under CloudWatch Logs' own code and status.
  ApiError denied = sim::access_denied(principal_arn, action, resource);
  denied.http_status = 400;
  denied.code = "AccessDeniedException";
  return denied;
}

}  // namespace rds_exporter::sim::logs
