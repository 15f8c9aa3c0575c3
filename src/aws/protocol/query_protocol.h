#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/protocol/query_params_builder.h"
#include "aws/protocol/response_reading.h"
#include "aws/protocol/xml_reader.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <string>
#include <string_view>
#include <utility>

namespace rds_exporter::aws {

// The AWS Query protocol (RDS, STS, and CloudWatch's older form): a form-encoded POST answered with XML.

// "name=value&..." in the given order, names and values percent-encoded as SigV4 encodes them (a space is
// %20, '/' is %2F), which every Query service decodes.
std::string form_encode(const common::QueryParams& params);

// POST / with body "Action=<action>&Version=<version>&<params>" and the form content type botocore sends.
// Host and signature headers are the caller's.
common::HttpRequest make_query_request(std::string_view action, std::string_view version, common::QueryParams params);

// A Query error answer as a value: Code and Message from the first Error element anywhere (ErrorResponse
// and EC2's Response/Errors forms), the request id from the document or the x-amzn-RequestId header. A body
// that is not such a document (a proxy's HTML page) gives code "HTTP<status>". Whether the error is
// retryable or throttling is left false: the retry policy decides that.
AwsError decode_query_error(const common::HttpResponse& response);

// Parses a successful answer and hands `read` its <{operation}Result> element; `read` reads fields with
// XmlElement, whose MalformedResponseError comes back as a malformed_response error here. A non-2xx answer
// comes back as decode_query_error's error, so a wire parser needs no other error handling.
template <typename T, typename Read>
common::Expected<T, AwsError> read_query_result(const common::HttpResponse& response, std::string_view operation,
                                                Read&& read) {
  if (!is_success_status(response.status)) return common::Unexpected{decode_query_error(response)};
  auto document = XmlDocument::parse(response.body);
  if (!document) {
    return common::Unexpected{malformed_response(response, std::string(operation) + " answer is " + document.error())};
  }
  try {
    return std::forward<Read>(read)(document->root().required_child(std::string(operation) + "Result"));
  } catch (const MalformedResponseError& error) {
    return common::Unexpected{malformed_response(response, std::string(operation) + " answer: " + error.what())};
  }
}

}  // namespace rds_exporter::aws
