#include "aws/protocol/query_protocol.h"

#include "aws/sigv4/uri_encode.h"

#include <iterator>

namespace rds_exporter::aws {
namespace {

// ErrorResponse/RequestId, EC2's Response/RequestID, or ResponseMetadata/RequestId as in successful answers.
std::string document_request_id(const XmlElement& root) {
  for (const std::string_view name : {"RequestId", "RequestID"}) {
    if (auto id = root.optional_text(name); id && !id->empty()) return *id;
  }
  if (const auto metadata = root.child("ResponseMetadata")) return metadata->optional_text("RequestId").value_or("");
  return "";
}

}  // namespace

std::string form_encode(const common::QueryParams& params) {
  std::string body;
  for (const auto& [name, value] : params) {
    if (!body.empty()) body += '&';
    body += uri_encode(name);
    body += '=';
    body += uri_encode(value);
  }
  return body;
}

common::HttpRequest make_query_request(std::string_view action, std::string_view version, common::QueryParams params) {
  common::QueryParams all;
  all.reserve(params.size() + 2);
  all.emplace_back("Action", std::string(action));
  all.emplace_back("Version", std::string(version));
  std::move(params.begin(), params.end(), std::back_inserter(all));

  common::HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = form_encode(all);
  return request;
}

AwsError decode_query_error(const common::HttpResponse& response) {
  const auto document = XmlDocument::parse(response.body);
  if (!document) return error_without_document(response, "error answer is not XML");
  const XmlElement root = document->root();
  const auto error_element = root.find("Error");
  if (!error_element) return error_without_document(response, "error answer has no Error element");
  auto code = error_element->optional_text("Code");
  if (!code || code->empty()) return error_without_document(response, "error answer has no error code");

  AwsError error;
  error.kind = ErrorKind::service;
  error.code = std::move(*code);
  error.message = error_element->optional_text("Message").value_or("");
  error.request_id = document_request_id(root);
  if (error.request_id.empty()) error.request_id = request_id_header(response);
  error.http_status = response.status;
  return error;
}

}  // namespace rds_exporter::aws
