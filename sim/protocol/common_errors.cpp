#include "sim/protocol/common_errors.h"

#include "common/time_text.h"

namespace rds_exporter::sim {
namespace {

// "15 min." as AWS writes the allowed skew; presigned URLs allow other spans, written in seconds.
std::string span_text(std::chrono::seconds span) {
  if (span.count() % 60 == 0) return std::to_string(span.count() / 60) + " min.";
  return std::to_string(span.count()) + " sec.";
}

ApiError forbidden(std::string code, std::string message) { return {403, std::move(code), std::move(message)}; }

}  // namespace

ApiError missing_authentication_token() {
  return forbidden("MissingAuthenticationToken", "Request is missing Authentication Token");
}

ApiError incomplete_signature(std::string_view message) { return {400, "IncompleteSignature", std::string(message)}; }

ApiError invalid_client_token_id() {
  return forbidden("InvalidClientTokenId", "The security token included in the request is invalid.");
}

ApiError signature_does_not_match() {
  return signature_does_not_match(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
      "Key and signing method. Consult the service documentation for details.");
}

ApiError signature_does_not_match(std::string_view message) {
  return forbidden("SignatureDoesNotMatch", std::string(message));
}

ApiError expired_token() { return forbidden("ExpiredToken", "The security token included in the request is expired"); }

ApiError access_denied(std::string_view principal_arn, std::string_view action, std::string_view resource) {
  std::string message = "User: ";
  message.append(principal_arn).append(" is not authorized to perform: ").append(action);
  message.append(" on resource: ").append(resource).append(" because no identity-based policy allows the ");
  message.append(action).append(" action");
  return forbidden("AccessDenied", std::move(message));
}

ApiError missing_action() {
  return {400, "MissingAction", "The request is missing an action or a required parameter."};
}

ApiError invalid_action(std::string_view action, std::string_view version) {
  return {400, "InvalidAction",
          "Could not find operation " + std::string(action) + " for version " + std::string(version)};
}

ApiError missing_parameter(std::string_view name) {
  return {400, "MissingParameter", "The request must contain the parameter " + std::string(name)};
}

ApiError invalid_parameter_value(std::string_view message) {
  return {400, "InvalidParameterValue", std::string(message)};
}

ApiError wrong_service_scope(std::string_view expected_signing_name) {
  return signature_does_not_match("Credential should be scoped to correct service: '" +
                                  std::string(expected_signing_name) + "'. ");
}

ApiError signature_expired(std::chrono::system_clock::time_point signed_at, std::chrono::system_clock::time_point now,
                           std::chrono::seconds allowed) {
  return signature_does_not_match("Signature expired: " + common::amz_date(signed_at) + " is now earlier than " +
                                  common::amz_date(now - allowed) + " (" + common::amz_date(now) + " - " +
                                  span_text(allowed) + ")");
}

ApiError signature_not_yet_current(std::chrono::system_clock::time_point signed_at,
                                   std::chrono::system_clock::time_point now, std::chrono::seconds allowed) {
  return signature_does_not_match("Signature not yet current: " + common::amz_date(signed_at) +
                                  " is still later than " + common::amz_date(now + allowed) + " (" +
                                  common::amz_date(now) + " + " + span_text(allowed) + ")");
}

}  // namespace rds_exporter::sim
