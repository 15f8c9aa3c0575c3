#pragma once

#include "common/http_message.h"
#include "sim/admin/request_stats.h"
#include "sim/auth/request_authenticator.h"
#include "sim/common/http_reply.h"
#include "sim/faults/fault_injector.h"
#include "sim/faults/fleet_store.h"
#include "sim/protocol/request_ids.h"
#include "sim/server/service_registry.h"

#include <memory>
#include <string>

namespace rds_exporter::sim {

// Answers AWS Query requests the way AWS does, in AWS's order: read the parameters (query string and form
// body), find the signature (MissingAuthenticationToken, unless the operation is one AWS serves unsigned;
// IncompleteSignature), pick the service from the credential scope, authenticate the signer, find the
// operation for Action and Version (MissingAction, InvalidAction), authorise the IAM action (AccessDenied),
// run the operation. Then `faults` (when given) may replace the answer with an injected fault. Every answer is
// counted in RequestStats and carries a request id, in the body and in x-amzn-RequestId. Each request reads the
// fleet the store holds when it arrives. Thread-safe; knows nothing of HTTP libraries.
class QueryEndpoint {
 public:
  QueryEndpoint(const FleetStore& fleets, const ServiceRegistry& services, const RequestAuthenticator& authenticator,
                RequestStats& stats, RequestIds& request_ids, FaultInjector* faults = nullptr);

  HttpReply handle(const common::HttpRequest& request) const;

 private:
  struct Answer {
    const QueryService* service;
    std::string operation;
    OperationOutcome outcome;
    // Whose account and which region the request reached, as far as it got: what faults and counts are scoped by.
    Scope scope = {};
  };

  Answer answer(const common::HttpRequest& request, const QueryParameters& params, const Fleet& fleet,
                const std::string& request_id) const;
  // From the Version check on, for a request whose signature (if the operation needs one) was verified.
  OperationOutcome run(const QueryService& service, const QueryOperation* operation, const std::string& action,
                       const QueryParameters& params, const Fleet& fleet, const Principal* caller,
                       const std::string& request_id) const;

  const FleetStore& fleets_;
  const ServiceRegistry& services_;
  const RequestAuthenticator& authenticator_;
  RequestStats& stats_;
  RequestIds& request_ids_;
  FaultInjector* faults_;
};

// The request's parameters: its query string's, then, for a form-encoded body (with or without a charset),
// the body's.
QueryParameters query_parameters(const common::HttpRequest& request);

}  // namespace rds_exporter::sim
