#include "sim/pi/pi_reply.h"

#include "sim/pi/pi_api.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace rds_exporter::sim::pi {
namespace {

struct ErrorType {
  std::string_view code;
  std::string_view type;
};

constexpr ErrorType kSharedErrorTypes[] = {
    {"InvalidAction", "UnknownOperationException"},
    {"Throttling", "ThrottlingException"},
    {"InternalFailure", "InternalServiceError"},
    {"AccessDenied", "AccessDeniedException"},
    {"InvalidClientTokenId", "UnrecognizedClientException"},
    {"SignatureDoesNotMatch", "InvalidSignatureException"},
    {"IncompleteSignature", "IncompleteSignatureException"},
    {"MissingAuthenticationToken", "MissingAuthenticationTokenException"},
    {"ExpiredToken", "ExpiredTokenException"},
};

}  // namespace

std::string error_type(const ApiError& error) {
  for (const auto& [code, type] : kSharedErrorTypes) {
    if (code == error.code) return std::string(type);
  }
  return error.code;
}

HttpReply pi_reply(OperationOutcome outcome) {
  HttpReply reply;
  reply.content_type = std::string(kContentType);
  if (auto* document = std::get_if<std::string>(&outcome)) {
    reply.body = std::move(*document);
    return reply;
  }
  const auto& error = std::get<ApiError>(outcome);
  reply.status = error.http_status;
  reply.body = nlohmann::ordered_json{{"__type", error_type(error)}, {"Message", error.message}}.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return reply;
}

}  // namespace rds_exporter::sim::pi
