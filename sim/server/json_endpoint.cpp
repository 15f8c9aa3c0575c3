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

bool wants_query_compatible_errors(const aws::HttpRequest& request) {
  const std::string* mode = find_header(request.headers, "x-amzn-query-mode");
  return mode != nullptr && *mode == "true";
}

}  // namespace

JsonEndpoint::JsonEndpoint(const FleetStore& fleets, const cloudwatch::CloudWatchService& cloudwatch,
                           const RequestAuthenticator& authenticator, RequestStats& stats, RequestIds& request_ids,
                           FaultInjector* faults)
    : fleets_(fleets),
      cloudwatch_(cloudwatch),
      authenticator_(authenticator),
      stats_(stats),
      request_ids_(request_ids),
      faults_(faults) {}

HttpReply JsonEndpoint::handle(const aws::HttpRequest& request, const std::string& target) const {
  const std::string request_id = request_ids_.next();
  Answer answer = this->answer(request, target, request_id);
  const FaultDecision fault = faults_ != nullptr
                                  ? faults_->decide(cloudwatch_.signing_name(), answer.operation, WireProtocol::kJson)
                                  : FaultDecision{};
  if (fault.error) answer.outcome = *fault.error;
  const auto* error = std::get_if<ApiError>(&answer.outcome);
  const std::string outcome = error != nullptr ? error->code : "200";
  stats_.record(cloudwatch_.signing_name(), answer.operation, fault.outcome.empty() ? outcome : fault.outcome);
  HttpReply reply = cloudwatch::json_reply(std::move(answer.outcome), wants_query_compatible_errors(request));
  reply.headers.emplace_back("x-amzn-RequestId", request_id);
  apply_fault(fault, reply);
  return reply;
}

JsonEndpoint::Answer JsonEndpoint::answer(const aws::HttpRequest& request, const std::string& target,
                                          const std::string& request_id) const {
  const std::string operation_name = operation_of(target);
  const std::shared_ptr<const Fleet> fleet = fleets_.current();
  auto reading = read_signature_claim(request);
  if (std::holds_alternative<NoSignature>(reading)) return {operation_name, missing_authentication_token()};
  if (auto* error = std::get_if<ApiError>(&reading)) return {operation_name, std::move(*error)};
  const auto& claim = std::get<SignatureClaim>(reading);
  if (claim.credential.scope.service != cloudwatch_.signing_name()) {
    return {operation_name, wrong_service_scope(cloudwatch_.signing_name())};
  }
  auto authenticated = authenticator_.authenticate(request, claim, *fleet);
  if (auto* error = std::get_if<ApiError>(&authenticated)) return {operation_name, std::move(*error)};
  const Principal& principal = *std::get<0>(authenticated);

  const cloudwatch::CloudWatchOperation* operation = cloudwatch_.find_json_operation(target);
  if (operation == nullptr) return {operation_name, invalid_action(operation_name, cloudwatch_.api_version())};
  if (auto denied = authorize(principal, operation->iam_action(), "*")) return {operation_name, std::move(*denied)};
  return {operation_name, cloudwatch_.invoke_json(*operation, request.body, *fleet, request_id)};
}

}  // namespace rds_exporter::sim
