#include "aws/protocol/aws_error.h"

namespace rds_exporter::aws {

std::string AwsError::describe() const {
  std::string text = code.empty() ? "AwsError" : code;
  if (http_status != 0) text += " (HTTP " + std::to_string(http_status) + ")";
  if (!message.empty()) text += ": " + message;
  if (!request_id.empty()) text += " [request id " + request_id + "]";
  if (attempts > 1) text += " after " + std::to_string(attempts) + " attempts";
  return text;
}

AwsError refused_before_sending(std::string message) {
  AwsError error;
  error.kind = ErrorKind::service;
  error.code = "ParamValidation";
  error.message = std::move(message);
  error.attempts = 0;
  return error;
}

AwsError endless_paging(std::string message) {
  AwsError error;
  error.kind = ErrorKind::malformed_response;
  error.code = "MalformedResponse";
  error.message = std::move(message);
  return error;
}

}  // namespace rds_exporter::aws
