#include "sim/cloudwatch/json_reply.h"

#include "sim/cloudwatch/cloudwatch_api.h"
#include "sim/cloudwatch/json_text.h"

#include <string_view>

namespace rds_exporter::sim::cloudwatch {
namespace {

struct ErrorType {
  std::string_view code;
  std::string_view type;
};

constexpr ErrorType kErrorTypes[] = {
    {"InvalidParameterValue", "com.amazonaws.cloudwatch#InvalidParameterValueException"},
    {"MissingParameter", "com.amazonaws.cloudwatch#MissingRequiredParameterException"},
    {"InvalidParameterCombination", "com.amazonaws.cloudwatch#InvalidParameterCombinationException"},
    {"InvalidNextToken", "com.amazonaws.cloudwatch#InvalidNextToken"},
    {"InternalServiceError", "com.amazonaws.cloudwatch#InternalServiceFault"},
    {"LimitExceeded", "com.amazonaws.cloudwatch#LimitExceededFault"},
    {"ResourceNotFound", "com.amazonaws.cloudwatch#ResourceNotFound"},
    {"ValidationError", "com.amazon.coral.validate#ValidationException"},
    {"SerializationException", "com.amazon.coral.service#SerializationException"},
    {"InvalidAction", "com.amazon.coral.service#UnknownOperationException"},
    {"Throttling", "com.amazon.coral.availability#ThrottlingException"},
    {"AccessDenied", "com.amazon.coral.service#AccessDeniedException"},
    {"InvalidClientTokenId", "com.amazon.coral.service#UnrecognizedClientException"},
    {"SignatureDoesNotMatch", "com.amazon.coral.service#InvalidSignatureException"},
    {"IncompleteSignature", "com.amazon.coral.service#IncompleteSignatureException"},
    {"MissingAuthenticationToken", "com.amazon.coral.service#MissingAuthenticationTokenException"},
    {"ExpiredToken", "com.amazon.coral.service#ExpiredTokenException"},
};

}  // namespace

std::string json_error_type(const ApiError& error) {
  for (const auto& [code, type] : kErrorTypes) {
    if (code == error.code) return std::string(type);
  }
  return error.code;
}

HttpReply json_reply(OperationOutcome outcome, bool query_mode) {
  HttpReply reply;
  reply.content_type = std::string(kJsonContentType);
  if (auto* document = std::get_if<std::string>(&outcome)) {
    reply.body = std::move(*document);
    return reply;
  }
  const auto& error = std::get<ApiError>(outcome);
  reply.status = error.http_status;
  reply.body = R"({"__type":)";
  append_json_string(reply.body, json_error_type(error));
  reply.body += R"(,"message":)";
  append_json_string(reply.body, error.message);
  reply.body += '}';
  if (query_mode) {
    reply.headers.emplace_back("x-amzn-query-error", error.code + (error.http_status >= 500 ? ";Receiver" : ";Sender"));
  }
  return reply;
}

}  // namespace rds_exporter::sim::cloudwatch
