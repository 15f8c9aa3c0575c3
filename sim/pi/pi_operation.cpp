#include "sim/pi/pi_operation.h"

#include "sim/auth/authorizer.h"
#include "sim/pi/pi_errors.h"
#include "sim/pi/pi_resource.h"

namespace rds_exporter::sim::pi {

std::optional<ApiError> PiOperation::deny(const JsonCall& call) const {
  if (is_allowed(call.caller, iam_action())) return std::nullopt;
  return action_not_authorized(call.caller.arn, iam_action(), metrics_arn(call.body, call.fleet));
}

}  // namespace rds_exporter::sim::pi
