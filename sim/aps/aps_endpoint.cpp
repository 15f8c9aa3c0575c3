#include "sim/aps/aps_endpoint.h"

#include "remote_write/write_request.h"
#include "sim/auth/authorizer.h"
#include "sim/auth/signature_claim.h"
#include "sim/common/request_lookup.h"

#include "remote_write.pb.h"

#include <nlohmann/json.hpp>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kService = "aps";
constexpr std::string_view kOperation = "RemoteWrite";

HttpReply error_reply(const ApiError& error) {
  HttpReply reply{error.http_status, "application/json", nlohmann::json{{"message", error.message}}.dump(), {}};
  reply.headers.emplace_back("x-amzn-ErrorType", error.code);
  return reply;
}

}  // namespace

HttpReply ApsEndpoint::handle(const common::HttpRequest& request, std::string_view workspace_id) const {
  const std::string request_id = request_ids_.next();
  const std::shared_ptr<const Fleet> fleet = fleets_.current();
  Scope scope;
  const auto answer = [&](HttpReply reply, std::string_view outcome) {
    stats_.record(kService, kOperation, outcome, scope);
    reply.headers.emplace_back("x-amzn-RequestId", request_id);
    return reply;
  };
  const auto refuse = [&](const ApiError& error) { return answer(error_reply(error), error.code); };

  auto reading = read_signature_claim(request);
  if (std::holds_alternative<NoSignature>(reading)) {
    return refuse({403, "MissingAuthenticationTokenException", "Missing Authentication Token"});
  }
  if (const auto* error = std::get_if<ApiError>(&reading)) return refuse(*error);
  const auto& claim = std::get<SignatureClaim>(reading);
  scope.region = claim.credential.scope.region;
  if (claim.credential.scope.service != kService) {
    return refuse({403, "InvalidSignatureException",
                   "Credential should be scoped to correct service: '" + std::string(kService) + "'."});
  }
  auto authenticated = authenticator_.authenticate(request, claim, *fleet);
  if (const auto* error = std::get_if<ApiError>(&authenticated)) {
    // AMP answers every signature problem 403.
    ApiError refused = *error;
    refused.http_status = 403;
    return refuse(refused);
  }
  const Principal& principal = *std::get<const Principal*>(authenticated);
  scope.account_id = principal.account_id;
  const std::string workspace_arn =
      "arn:aws:aps:" + scope.region + ":" + principal.account_id + ":workspace/" + std::string(workspace_id);
  if (auto denied = authorize(principal, "aps:RemoteWrite", workspace_arn)) {
    denied->http_status = 403;
    return refuse(*denied);
  }
  const std::string* encoding = find_header(request.headers, "Content-Encoding");
  if (encoding == nullptr || *encoding != "snappy") {
    return refuse({400, "ValidationException", "remote write needs Content-Encoding: snappy"});
  }
  const auto decoded = remote_write::decode_write_request(request.body);
  if (!decoded) return refuse({400, "ValidationException", "the body is not a snappy-compressed WriteRequest"});
  usage_.record_samples(remote_write::sample_count(*decoded));
  return answer(HttpReply{200, "application/json", "", {}}, "200");
}

}  // namespace rds_exporter::sim
