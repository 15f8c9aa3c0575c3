#pragma once

#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"

#include <optional>
#include <string_view>

namespace rds_exporter::sim {

// Whether one of the principal's allowed actions covers `action`. As in IAM policies, action names compare
// case-insensitively and '*' stands for any run of characters ("rds:Describe*", "*").
bool is_allowed(const Principal& principal, std::string_view action);

// AccessDenied in AWS's words, naming the principal, the action and the resource, unless the action is allowed.
std::optional<ApiError> authorize(const Principal& principal, std::string_view action, std::string_view resource);

}  // namespace rds_exporter::sim
