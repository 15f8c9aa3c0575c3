#pragma once

#include "sim/fleet/fleet.h"

#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// An RDS resource named by an ARN of the fleet's region and account: "arn:aws:rds:<region>:<account>:<type>:<name>".
struct RdsResourceName {
  std::string type;  // "db", "cluster", "snapshot", ...
  std::string name;
};

std::optional<RdsResourceName> parse_rds_arn(std::string_view arn, const Fleet& fleet);

// RDS parameters such as DBInstanceIdentifier take an identifier or the ARN of the resource: the identifier
// either way, or nullopt for the ARN of something else (another type, region or account).
std::optional<std::string> identifier_or_arn(std::string_view value, std::string_view resource_type,
                                             const Fleet& fleet);

}  // namespace rds_exporter::sim
