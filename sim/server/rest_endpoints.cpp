#include "sim/server/rest_endpoints.h"

#include "sim/faults/body_fault.h"

namespace rds_exporter::sim {

HttpReply RestEndpoints::handle(const RestService& service, const common::HttpRequest& request) const {
  RestAnswer answer = service.handle(request);
  const FaultDecision fault =
      faults_ != nullptr ? faults_->decide(service.name(), answer.operation, WireProtocol::kRest) : FaultDecision{};
  if (fault.error) {
    // JSON with the code in x-amzn-ErrorType, as the SSO portal answers its own errors.
    answer.reply.status = fault.error->http_status;
    answer.reply.content_type = "application/json";
    answer.reply.body = R"({"message":")" + fault.error->message + R"("})";
    answer.reply.headers = {{"x-amzn-ErrorType", fault.error->code}};
  }
  stats_.record(service.name(), answer.operation, fault.outcome.empty() ? answer.outcome : fault.outcome);
  apply_fault(fault, answer.reply);
  return std::move(answer.reply);
}

}  // namespace rds_exporter::sim
