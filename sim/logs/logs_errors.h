#pragma once

#include "sim/protocol/api_error.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim::logs {

// CloudWatch Logs' errors, coded by their JSON __type (sim/README.md, "CloudWatch Logs (Enhanced Monitoring)", says
// which words are AWS's and which are the simulator's).

// 400 InvalidParameterException: a member out of its bounds, a forbidden combination, a bad nextToken.
ApiError invalid_parameter(std::string message);

// 400 SerializationException: a body that is not a JSON object, a member of the wrong JSON type.
ApiError serialization_error(std::string message);

// 400 ResourceNotFoundException "The specified log group does not exist."
ApiError log_group_not_found();

// 400 ResourceNotFoundException "The specified log stream does not exist."
ApiError log_stream_not_found();

// 400 AccessDeniedException in IAM's words, for a caller whose policy lacks `action` on `resource`.
ApiError access_denied(std::string_view principal_arn, std::string_view action, std::string_view resource);

}  // namespace rds_exporter::sim::logs
