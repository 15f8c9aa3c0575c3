#include "sim/pi/pi_errors.h"

namespace rds_exporter::sim::pi {

ApiError invalid_argument(std::string message) { return {400, "InvalidArgumentException", std::move(message)}; }

ApiError validation_error(std::string_view member, std::string_view constraint) {
  std::string message = "1 validation error detected: Value at '";
  message.append(member).append("' failed to satisfy constraint: ").append(constraint);
  return {400, "ValidationException", std::move(message)};
}

ApiError serialization_error(std::string message) { return {400, "SerializationException", std::move(message)}; }

ApiError resource_not_authorized(std::string_view identifier, std::string_view service_type) {
  std::string message = "The resource ";
  message.append(identifier).append(" for service type ").append(service_type);
  message.append(" is not authorized for this account");
  return {400, "NotAuthorizedException", std::move(message)};
}

ApiError action_not_authorized(std::string_view principal_arn, std::string_view action, std::string_view resource) {
  std::string message = "User: ";
  message.append(principal_arn).append(" is not authorized to perform: ").append(action);
  message.append(" on resource: ").append(resource).append(" because no identity-based policy allows the ");
  message.append(action).append(" action");
  return {400, "NotAuthorizedException", std::move(message)};
}

ApiError unknown_statistic() { return invalid_argument("The specified statistic is not a known statistic"); }

}  // namespace rds_exporter::sim::pi
