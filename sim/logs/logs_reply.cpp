#include "sim/logs/logs_reply.h"

#include "sim/logs/logs_api.h"
#include "sim/protocol/json_error_reply.h"

namespace rds_exporter::sim::logs {
namespace {

// CloudWatch Logs' model has one server error, ServiceUnavailableException; the other shared errors have their
// common AWS JSON names.
constexpr JsonErrorName kOwnNames[] = {{"InternalFailure", "ServiceUnavailableException"},
                                       {"ServiceUnavailable", "ServiceUnavailableException"}};

}  // namespace

HttpReply logs_reply(OperationOutcome outcome) {
  return aws_json_reply(std::move(outcome), kContentType, kOwnNames, "message");
}

}  // namespace rds_exporter::sim::logs
