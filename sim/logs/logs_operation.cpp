#include "sim/logs/logs_operation.h"

#include "sim/auth/authorizer.h"
#include "sim/logs/logs_errors.h"

namespace rds_exporter::sim::logs {

StreamClock LogsContext::stream_clock() const {
  return {origin, std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count()};
}

std::optional<ApiError> LogsOperation::deny(const JsonCall& call) const {
  if (is_allowed(call.caller, iam_action())) return std::nullopt;
  return access_denied(call.caller.arn, iam_action(), group_arn(call.fleet) + ":*");
}

}  // namespace rds_exporter::sim::logs
