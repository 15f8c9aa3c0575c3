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

}  // namespace rds_exporter::aws
