#include "aws/protocol/response_reading.h"

namespace rds_exporter::aws {

AwsError malformed_response(const common::HttpResponse& response, std::string message) {
  AwsError error;
  error.kind = ErrorKind::malformed_response;
  error.code = "MalformedResponse";
  error.message = std::move(message);
  error.request_id = request_id_header(response);
  error.http_status = response.status;
  return error;
}

AwsError error_without_document(const common::HttpResponse& response, std::string_view why) {
  AwsError error;
  error.kind = ErrorKind::service;
  error.code = "HTTP" + std::to_string(response.status);
  error.message = std::string(why);
  if (const auto content_type = response.header("content-type")) {
    error.message += " (content-type " + std::string(*content_type) + ")";
  }
  error.request_id = request_id_header(response);
  error.http_status = response.status;
  return error;
}

std::string request_id_header(const common::HttpResponse& response) {
  return std::string(response.header("x-amzn-requestid").value_or(""));
}

bool is_success_status(int status) { return status >= 200 && status < 300; }

}  // namespace rds_exporter::aws
