#include "sim/logs/logs_reply.h"

#include "sim/logs/logs_api.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace rds_exporter::sim::logs {
namespace {

struct SharedError {
  std::string_view code;
  std::string_view type;
};

constexpr SharedError kSharedErrors[] = {
    {"InvalidAction", "UnknownOperationException"},
    {"Throttling", "ThrottlingException"},
    {"InternalFailure", "ServiceUnavailableException"},
    {"ServiceUnavailable", "ServiceUnavailableException"},
    {"AccessDenied", "AccessDeniedException"},
    {"InvalidClientTokenId", "UnrecognizedClientException"},
    {"SignatureDoesNotMatch", "InvalidSignatureException"},
    {"IncompleteSignature", "IncompleteSignatureException"},
    {"MissingAuthenticationToken", "MissingAuthenticationTokenException"},
    {"ExpiredToken", "ExpiredTokenException"},
};

std::string_view type_of(const ApiError& error) {
  for (const auto& shared : kSharedErrors) {
    if (shared.code == error.code) return shared.type;
  }
  return error.code;
}

}  // namespace

HttpReply logs_reply(OperationOutcome outcome) {
  HttpReply reply;
  reply.content_type = std::string(kContentType);
  if (auto* document = std::get_if<std::string>(&outcome)) {
    reply.body = std::move(*document);
    return reply;
  }
  const auto& error = std::get<ApiError>(outcome);
  reply.status = error.http_status;
  reply.body = nlohmann::ordered_json{{"__type", type_of(error)}, {"message", error.message}}.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return reply;
}

}  // namespace rds_exporter::sim::logs
