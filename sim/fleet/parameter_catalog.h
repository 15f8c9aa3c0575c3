#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim {

// One parameter of a DB parameter group family's defaults, as DescribeEngineDefaultParameters reports it.
struct ParameterDefinition {
  std::string_view name;
  // Empty when RDS sets no value (the engine's own default applies); ParameterValue is then left out.
  std::string_view value;
  std::string_view description;
  // "engine-default", or "system" for the values RDS sets itself (max_connections, ...).
  std::string_view source;
  // "static" (ApplyMethod pending-reboot) or "dynamic" (immediate).
  std::string_view apply_type;
  std::string_view data_type;
  std::string_view allowed_values;
  bool modifiable = true;
  std::string_view minimum_engine_version;
};

// The defaults of a family, sorted by name: the DB parameter group family's (cluster false) or the DB cluster
// parameter group family's (cluster true). nullopt for a family RDS does not have (or, for cluster groups, an
// engine without DB clusters). Aurora's max_connections lives in the instance-level family; the cluster-level one
// holds cluster parameters (binlog_format, character sets, time zone, replication, audit).
std::optional<std::span<const ParameterDefinition>> family_defaults(std::string_view family, bool cluster);

// Every family family_defaults() knows, in a stable order.
std::vector<std::string> parameter_group_families();

}  // namespace rds_exporter::sim
