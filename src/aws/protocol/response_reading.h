#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/transport/http_transport.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

// Thrown by XmlElement and JsonElement when an answer lacks an element or holds a value of the wrong form.
// read_query_result and read_json_result turn it into an AwsError, so it never leaves a wire parser: the
// readers stay free of error plumbing on every field, and callers still see only values.
class MalformedResponseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// kind malformed_response, code "MalformedResponse", with the HTTP status and request id of `response` so
// that a garbled answer can still be traced on AWS's side.
AwsError malformed_response(const common::HttpResponse& response, std::string message);

// An error answer without a readable AWS error document, such as a load balancer's HTML 503 page: code
// "HTTP<status>" (e.g. "HTTP503"), since there is no AWS code to report, and `why` plus the content type as
// the message. The body is not quoted: it is not AWS's text and may be large.
AwsError error_without_document(const common::HttpResponse& response, std::string_view why);

// The x-amzn-RequestId header, which Query and JSON services both send; empty when absent.
std::string request_id_header(const common::HttpResponse& response);

bool is_success_status(int status);

}  // namespace rds_exporter::aws
