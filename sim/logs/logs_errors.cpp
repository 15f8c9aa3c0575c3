#include "sim/logs/logs_errors.h"

namespace rds_exporter::sim::logs {

ApiError invalid_parameter(std::string message) { return {400, "InvalidParameterException", std::move(message)}; }

ApiError serialization_error(std::string message) { return {400, "SerializationException", std::move(message)}; }

ApiError log_group_not_found() { return {400, "ResourceNotFoundException", "The specified log group does not exist."}; }

ApiError log_stream_not_found() {
  return {400, "ResourceNotFoundException", "The specified log stream does not exist."};
}

ApiError access_denied(std::string_view principal_arn, std::string_view action, std::string_view resource) {
  std::string message = "User: ";
  message.append(principal_arn).append(" is not authorized to perform: ").append(action);
  message.append(" on resource: ").append(resource).append(" because no identity-based policy allows the ");
  message.append(action).append(" action");
  return {400, "AccessDeniedException", std::move(message)};
}

}  // namespace rds_exporter::sim::logs
