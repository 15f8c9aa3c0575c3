#pragma once

#include "sim/protocol/api_error.h"

#include <string_view>

namespace rds_exporter::sim {

// STS's own errors in STS's words (sources and the simulator's own choices in sim/README.md).

// "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: <constraint>",
// the form of AWS's input validation; a missing value is "Value null at ...".
ApiError validation_error(std::string_view member, const std::string* value, std::string_view constraint);
// RoleArn that is long enough but no ARN: "Request ARN is invalid".
ApiError invalid_role_arn();
ApiError duration_exceeds_role_maximum();
// AssumeRole refused by the role's trust policy (or its ExternalId condition, or a role that does not exist:
// AWS does not tell these apart).
ApiError assume_role_denied(std::string_view caller_arn, std::string_view role_arn);
// AssumeRoleWithWebIdentity with a token the role does not trust (or a role that does not exist).
ApiError web_identity_denied();
// A web identity token no role trusts.
ApiError invalid_identity_token();

}  // namespace rds_exporter::sim
