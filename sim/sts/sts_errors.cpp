#include "sim/sts/sts_errors.h"

#include <string>

namespace rds_exporter::sim {

ApiError validation_error(std::string_view member, const std::string* value, std::string_view constraint) {
  std::string message = "1 validation error detected: Value ";
  message += value != nullptr ? "'" + *value + "'" : "null";
  message.append(" at '").append(member).append("' failed to satisfy constraint: ").append(constraint);
  return {400, "ValidationError", std::move(message)};
}

ApiError invalid_role_arn() { return {400, "ValidationError", "Request ARN is invalid"}; }

ApiError duration_exceeds_role_maximum() {
  return {400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."};
}

ApiError assume_role_denied(std::string_view caller_arn, std::string_view role_arn) {
  std::string message = "User: ";
  message.append(caller_arn).append(" is not authorized to perform: sts:AssumeRole on resource: ").append(role_arn);
  return {403, "AccessDenied", std::move(message)};
}

ApiError web_identity_denied() { return {403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"}; }

ApiError invalid_identity_token() {
  return {400, "InvalidIdentityToken",
          "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"};
}

}  // namespace rds_exporter::sim
