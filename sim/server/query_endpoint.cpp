#include "sim/server/query_endpoint.h"

#include "common/text.h"
#include "sim/auth/authorizer.h"
#include "sim/faults/body_fault.h"
#include "sim/protocol/common_errors.h"
#include "sim/protocol/error_response.h"
#include "sim/protocol/form_encoding.h"

namespace rds_exporter::sim {
namespace {

// What AWS names the version of a request that gives none, in InvalidAction.
constexpr std::string_view kNoVersion = "NO_VERSION_SPECIFIED";

std::string operation_label(const std::string* action) { return action != nullptr ? *action : "(no action)"; }

}  // namespace

QueryParameters query_parameters(const common::HttpRequest& request) {
  common::QueryParams params = request.query;
  const std::string* content_type = find_header(request.headers, "Content-Type");
  if (content_type != nullptr &&
      common::to_lower_ascii(*content_type).starts_with("application/x-www-form-urlencoded")) {
    for (auto& param : parse_form(request.body)) params.push_back(std::move(param));
  }
  return QueryParameters(std::move(params));
}

QueryEndpoint::QueryEndpoint(const FleetStore& fleets, const ServiceRegistry& services,
                             const RequestAuthenticator& authenticator, RequestStats& stats, RequestIds& request_ids,
                             FaultInjector* faults)
    : fleets_(fleets),
      services_(services),
      authenticator_(authenticator),
      stats_(stats),
      request_ids_(request_ids),
      faults_(faults) {}

HttpReply QueryEndpoint::handle(const common::HttpRequest& request) const {
  const std::string request_id = request_ids_.next();
  const QueryParameters params = query_parameters(request);
  Answer answer = this->answer(request, params, *fleets_.current(), request_id);
  const FaultDecision fault =
      faults_ != nullptr ? faults_->decide(answer.service->signing_name(), answer.operation, WireProtocol::kQuery,
                                      answer.scope)
                         : FaultDecision{};
  if (fault.error) answer.outcome = *fault.error;
  HttpReply reply;
  reply.content_type = "text/xml";
  reply.headers.emplace_back("x-amzn-RequestId", request_id);
  std::string outcome = "200";
  if (auto* document = std::get_if<std::string>(&answer.outcome)) {
    reply.body = std::move(*document);
  } else {
    const auto& error = std::get<ApiError>(answer.outcome);
    outcome = error.code;
    reply.status = error.http_status;
    reply.body = error_response(error, answer.service->xml_namespace(), request_id);
  }
  stats_.record(answer.service->signing_name(), answer.operation, fault.outcome.empty() ? outcome : fault.outcome,
                answer.scope);
  apply_fault(fault, reply);
  return reply;
}

QueryEndpoint::Answer QueryEndpoint::answer(const common::HttpRequest& request, const QueryParameters& params,
                                            const Fleet& fleet, const std::string& request_id) const {
  const std::string* action = params.find("Action");
  const std::string label = operation_label(action);
  auto reading = read_signature_claim(request);
  if (std::holds_alternative<NoSignature>(reading)) {
    const QueryService& service = services_.for_action(action);
    const QueryOperation* operation = action != nullptr ? service.find_operation(*action) : nullptr;
    if (operation == nullptr || operation->access() != OperationAccess::kAnonymous) {
      return {&service, label, missing_authentication_token()};
    }
    return {&service, label, run(service, operation, *action, params, fleet, nullptr, request_id)};
  }
  if (auto* error = std::get_if<ApiError>(&reading)) return {&services_.for_action(action), label, std::move(*error)};
  const auto& claim = std::get<SignatureClaim>(reading);
  Scope scope{"", claim.credential.scope.region};

  const QueryService* service = services_.by_signing_name(claim.credential.scope.service);
  if (service == nullptr) {
    const QueryService& meant = services_.for_action(action);
    return {&meant, label, wrong_service_scope(meant.signing_name()), scope};
  }
  auto authenticated = authenticator_.authenticate(request, claim, fleet);
  if (auto* error = std::get_if<ApiError>(&authenticated)) return {service, label, std::move(*error), scope};
  const Principal* principal = std::get<const Principal*>(authenticated);
  scope.account_id = principal->account_id;

  if (action == nullptr) return {service, label, missing_action(), scope};
  // The caller sees its own account in the region it signed for, and nothing of the others.
  const Fleet& seen = fleet.in_scope(scope);
  return {service, label, run(*service, service->find_operation(*action), *action, params, seen, principal, request_id),
          scope};
}

OperationOutcome QueryEndpoint::run(const QueryService& service, const QueryOperation* operation,
                                    const std::string& action, const QueryParameters& params, const Fleet& fleet,
                                    const Principal* caller, const std::string& request_id) const {
  const std::string* version = params.find("Version");
  if (operation == nullptr || version == nullptr || *version != service.api_version()) {
    return invalid_action(action, version != nullptr ? *version : kNoVersion);
  }
  const OperationCall call{params, fleet, request_id, caller};
  // Only signed requests get here for operations that need authorising (see answer()).
  if (operation->access() == OperationAccess::kAuthorized) {
    if (auto denied = authorize(*caller, operation->iam_action(), operation->resource_arn(call))) return *denied;
  }
  return operation->invoke(call);
}

}  // namespace rds_exporter::sim
