#pragma once

#include "aws/sigv4/http_request.h"
#include "sim/admin/request_stats.h"
#include "sim/auth/request_authenticator.h"
#include "sim/cloudwatch/cloudwatch_service.h"
#include "sim/common/http_reply.h"
#include "sim/faults/fault_injector.h"
#include "sim/faults/fleet_store.h"
#include "sim/protocol/request_ids.h"

#include <memory>
#include <string>

namespace rds_exporter::sim {

// Answers AWS JSON 1.0 requests (X-Amz-Target: GraniteServiceVersion20100801.<Operation>), which is how
// current SDKs, the JavaScript SDK v3 among them, call CloudWatch. Same checks in the same order as the Query
// path (signature, service, signer, operation, IAM action), but errors are JSON (`__type`), with the
// x-amzn-query-error header when the caller asked for query-compatible errors. `faults` (when given) may replace
// the answer with an injected fault. Thread-safe.
class JsonEndpoint {
 public:
  JsonEndpoint(const FleetStore& fleets, const cloudwatch::CloudWatchService& cloudwatch,
               const RequestAuthenticator& authenticator, RequestStats& stats, RequestIds& request_ids,
               FaultInjector* faults = nullptr);

  HttpReply handle(const aws::HttpRequest& request, const std::string& target) const;

 private:
  struct Answer {
    std::string operation;
    OperationOutcome outcome;
  };
  Answer answer(const aws::HttpRequest& request, const std::string& target, const std::string& request_id) const;

  const FleetStore& fleets_;
  const cloudwatch::CloudWatchService& cloudwatch_;
  const RequestAuthenticator& authenticator_;
  RequestStats& stats_;
  RequestIds& request_ids_;
  FaultInjector* faults_;
};

}  // namespace rds_exporter::sim
