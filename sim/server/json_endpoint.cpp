#include "sim/server/json_endpoint.h"

#include "sim/auth/authorizer.h"
#include "sim/cloudwatch/json_reply.h"
#include "sim/faults/body_fault.h"
#include "sim/protocol/common_errors.h"

namespace rds_exporter::sim {
namespace {

// The operation part of "GraniteServiceVersion20100801.GetMetricData", for the request counts.
std::string operation_of(const std::string& target) {
  const auto dot = target.rfind('.');
  return dot == std::string::npos ? target : target.substr(dot + 1);
}

bool wants_query_compatible_errors(const common::HttpRequest& request) {
  const std::string* mode = find_header(request.headers, "x-amzn-query-mode");
  return mode != nullptr && *mode == "true";
}

}  // namespace

JsonEndpoint::JsonEndpoint(const FleetStore& fleets, const cloudwatch::CloudWatchService& cloudwatch,
                           const RequestAuthenticator& authenticator, RequestStats& stats, RequestIds& request_ids,
                           FaultInjector* faults, std::vector<const JsonService*> services)
    : fleets_(fleets),
      cloudwatch_(cloudwatch),
      authenticator_(authenticator),
      stats_(stats),
      request_ids_(request_ids),
      faults_(faults),
      services_(std::move(services)) {}

HttpReply JsonEndpoint::handle(const common::HttpRequest& request, const std::string& target) const {
  const std::string request_id = request_ids_.next();
  if (const JsonService* service = service_for(target)) {
    return finish(service->signing_name(), answer(*service, request, target, request_id), request_id,
                  [service](OperationOutcome outcome) { return service->reply(std::move(outcome)); });
  }
  const bool query_mode = wants_query_compatible_errors(request);
  return finish(
      cloudwatch_.signing_name(), answer(request, target, request_id), request_id,
      [query_mode](OperationOutcome outcome) { return cloudwatch::json_reply(std::move(outcome), query_mode); });
}

HttpReply JsonEndpoint::finish(std::string_view signing_name, Answer answer, const std::string& request_id,
                               const std::function<HttpReply(OperationOutcome)>& reply) const {
  const FaultDecision fault =
      faults_ != nullptr ? faults_->decide(signing_name, answer.operation, WireProtocol::kJson, answer.scope) : FaultDecision{};
  if (fault.error) answer.outcome = *fault.error;
  const auto* error = std::get_if<ApiError>(&answer.outcome);
  const std::string outcome = error != nullptr ? error->code : "200";
  stats_.record(signing_name, answer.operation, fault.outcome.empty() ? outcome : fault.outcome, answer.scope);
  HttpReply http_reply = reply(std::move(answer.outcome));
  http_reply.headers.emplace_back("x-amzn-RequestId", request_id);
  apply_fault(fault, http_reply);
  return http_reply;
}

const JsonService* JsonEndpoint::service_for(std::string_view target) const {
  for (const JsonService* service : services_) {
    const std::string_view prefix = service->target_prefix();
    if (target.size() > prefix.size() && target.starts_with(prefix) && target[prefix.size()] == '.') return service;
  }
  return nullptr;
}

std::variant<const Principal*, ApiError> JsonEndpoint::authenticate(const common::HttpRequest& request,
                                                                    std::string_view signing_name, const Fleet& fleet,
                                                                    Scope& scope) const {
  auto reading = read_signature_claim(request);
  if (std::holds_alternative<NoSignature>(reading)) return missing_authentication_token();
  if (auto* error = std::get_if<ApiError>(&reading)) return std::move(*error);
  const auto& claim = std::get<SignatureClaim>(reading);
  if (claim.credential.scope.service != signing_name) return wrong_service_scope(signing_name);
  scope.region = claim.credential.scope.region;
  auto authenticated = authenticator_.authenticate(request, claim, fleet);
  if (const auto* principal = std::get_if<const Principal*>(&authenticated)) scope.account_id = (*principal)->account_id;
  return authenticated;
}

JsonEndpoint::Answer JsonEndpoint::answer(const common::HttpRequest& request, const std::string& target,
                                          const std::string& request_id) const {
  const std::string operation_name = operation_of(target);
  const std::shared_ptr<const Fleet> fleet = fleets_.current();
  Scope scope;
  auto authenticated = authenticate(request, cloudwatch_.signing_name(), *fleet, scope);
  if (auto* error = std::get_if<ApiError>(&authenticated)) return {operation_name, std::move(*error), scope};
  const Principal& principal = *std::get<const Principal*>(authenticated);

  const cloudwatch::CloudWatchOperation* operation = cloudwatch_.find_json_operation(target);
  if (operation == nullptr) return {operation_name, invalid_action(operation_name, cloudwatch_.api_version()), scope};
  if (auto denied = authorize(principal, operation->iam_action(), "*")) {
    return {operation_name, std::move(*denied), scope};
  }
  return {operation_name, cloudwatch_.invoke_json(*operation, request.body, fleet->in_scope(scope), request_id), scope};
}

JsonEndpoint::Answer JsonEndpoint::answer(const JsonService& service, const common::HttpRequest& request,
                                          const std::string& target, const std::string& request_id) const {
  const std::string operation_name = target.substr(service.target_prefix().size() + 1);
  const std::shared_ptr<const Fleet> fleet = fleets_.current();
  Scope scope;
  auto authenticated = authenticate(request, service.signing_name(), *fleet, scope);
  if (auto* error = std::get_if<ApiError>(&authenticated)) return {operation_name, std::move(*error), scope};

  const JsonOperation* operation = service.find_operation(operation_name);
  if (operation == nullptr) return {operation_name, invalid_action(operation_name, service.api_version()), scope};
  // The caller sees its own account in the region it signed for, and nothing of the others.
  const JsonCall call{request.body, fleet->in_scope(scope), request_id, *std::get<const Principal*>(authenticated)};
  if (auto denied = operation->deny(call)) return {operation_name, std::move(*denied), scope};
  return {operation_name, operation->invoke(call), scope};
}

}  // namespace rds_exporter::sim
