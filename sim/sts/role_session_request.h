#pragma once

#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_parameters.h"

#include <chrono>
#include <optional>
#include <string>
#include <variant>

namespace rds_exporter::sim {

// What AssumeRole and AssumeRoleWithWebIdentity share: the role to assume, the session's name and how long
// it lasts, validated as STS validates them.
struct RoleSessionRequest {
  std::string role_arn;
  // nullptr when the fleet has no role with that ARN; the operation denies it as AWS does.
  const Role* role = nullptr;
  std::string session_name;
  std::chrono::seconds duration{3600};
};

// RoleArn (required, 20 to 2048 characters, an IAM role ARN), RoleSessionName (required, 2 to 64 of
// [\w+=,.@-]) and DurationSeconds (900 to 43200, default 3600).
std::variant<RoleSessionRequest, ApiError> read_role_session_request(const QueryParameters& params,
                                                                     const Fleet& fleet);

// ValidationError unless the role allows sessions this long; call once the caller may assume the role.
std::optional<ApiError> check_session_duration(const RoleSessionRequest& request);

}  // namespace rds_exporter::sim
