#include "sim/protocol/json_error_reply.h"

#include <nlohmann/json.hpp>

namespace rds_exporter::sim {
namespace {

constexpr JsonErrorName kCommonNames[] = {
    {"InvalidAction", "UnknownOperationException"},
    {"Throttling", "ThrottlingException"},
    {"AccessDenied", "AccessDeniedException"},
    {"InvalidClientTokenId", "UnrecognizedClientException"},
    {"SignatureDoesNotMatch", "InvalidSignatureException"},
    {"IncompleteSignature", "IncompleteSignatureException"},
    {"MissingAuthenticationToken", "MissingAuthenticationTokenException"},
    {"ExpiredToken", "ExpiredTokenException"},
};

}  // namespace

std::string aws_json_error_type(const ApiError& error, std::span<const JsonErrorName> overrides) {
  for (const std::span<const JsonErrorName> names : {overrides, std::span<const JsonErrorName>(kCommonNames)}) {
    for (const auto& [code, type] : names) {
      if (code == error.code) return std::string(type);
    }
  }
  return error.code;
}

HttpReply aws_json_reply(OperationOutcome outcome, std::string_view content_type,
                         std::span<const JsonErrorName> overrides, std::string_view message_member) {
  HttpReply reply;
  reply.content_type = std::string(content_type);
  if (auto* document = std::get_if<std::string>(&outcome)) {
    reply.body = std::move(*document);
    return reply;
  }
  const auto& error = std::get<ApiError>(outcome);
  reply.status = error.http_status;
  nlohmann::ordered_json body = {{"__type", aws_json_error_type(error, overrides)}};
  body[std::string(message_member)] = error.message;
  reply.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return reply;
}

}  // namespace rds_exporter::sim
