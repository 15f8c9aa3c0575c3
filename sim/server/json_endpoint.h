#pragma once

#include "common/http_message.h"
#include "sim/admin/request_stats.h"
#include "sim/auth/request_authenticator.h"
#include "sim/cloudwatch/cloudwatch_service.h"
#include "sim/common/http_reply.h"
#include "sim/faults/fault_injector.h"
#include "sim/faults/fleet_store.h"
#include "sim/protocol/json_service.h"
#include "sim/protocol/request_ids.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rds_exporter::sim {

// Answers requests carrying X-Amz-Target: those of `services` by their target prefix (Performance Insights'
// "PerformanceInsightsv20180227.<Operation>", AWS JSON 1.1), every other one as CloudWatch's AWS JSON 1.0
// (GraniteServiceVersion20100801.<Operation>), which is how current SDKs, the JavaScript SDK v3 among them, call
// CloudWatch. Same checks in the same order as the Query path (signature, service, signer, operation, IAM
// action), but errors are JSON (`__type`); CloudWatch's carry the x-amzn-query-error header when the caller asked
// for query-compatible errors. `faults` (when given) may replace the answer with an injected fault. Every answer
// is counted in RequestStats under the service's signing name. Thread-safe.
class JsonEndpoint {
 public:
  // `services` must outlive the endpoint.
  JsonEndpoint(const FleetStore& fleets, const cloudwatch::CloudWatchService& cloudwatch,
               const RequestAuthenticator& authenticator, RequestStats& stats, RequestIds& request_ids,
               FaultInjector* faults = nullptr, std::vector<const JsonService*> services = {});

  HttpReply handle(const common::HttpRequest& request, const std::string& target) const;

 private:
  struct Answer {
    std::string operation;
    OperationOutcome outcome;
    // Whose account and which region the request reached, as far as it got: what faults and counts are scoped by.
    Scope scope = {};
  };
  Answer answer(const common::HttpRequest& request, const std::string& target, const std::string& request_id) const;
  Answer answer(const JsonService& service, const common::HttpRequest& request, const std::string& target,
                const std::string& request_id) const;
  // The signer of a request signed for `signing_name`, or why it is refused.
  // Sets `scope` to the signed region and, once the signer is known, its account.
  std::variant<const Principal*, ApiError> authenticate(const common::HttpRequest& request,
                                                        std::string_view signing_name, const Fleet& fleet,
                                                        Scope& scope) const;
  // Injects the fault due, counts the answer and adds the request id.
  HttpReply finish(std::string_view signing_name, Answer answer, const std::string& request_id,
                   const std::function<HttpReply(OperationOutcome)>& reply) const;
  const JsonService* service_for(std::string_view target) const;

  const FleetStore& fleets_;
  const cloudwatch::CloudWatchService& cloudwatch_;
  const RequestAuthenticator& authenticator_;
  RequestStats& stats_;
  RequestIds& request_ids_;
  FaultInjector* faults_;
  std::vector<const JsonService*> services_;
};

}  // namespace rds_exporter::sim
