#include "sim/rds/rds_errors.h"

#include "sim/protocol/common_errors.h"

#include <string>

namespace rds_exporter::sim {

ApiError db_instance_not_found(std::string_view identifier) {
  return {404, "DBInstanceNotFound", "DBInstance " + std::string(identifier) + " not found."};
}

ApiError db_cluster_not_found(std::string_view identifier) {
  return {404, "DBClusterNotFoundFault", "DBCluster " + std::string(identifier) + " not found."};
}

ApiError invalid_max_records(std::string_view value) {
  return invalid_parameter_value("Invalid value " + std::string(value) + " for MaxRecords. Must be between 20 and 100");
}

ApiError unrecognized_filter_name(std::string_view name) {
  return invalid_parameter_value("Unrecognized filter name: " + std::string(name));
}

ApiError unrecognized_engine_name(std::string_view name) {
  return invalid_parameter_value("Unrecognized engine name: " + std::string(name));
}

ApiError invalid_marker(std::string_view marker) {
  return invalid_parameter_value("Invalid marker: " + std::string(marker));
}

ApiError db_parameter_group_not_found(std::string_view name) {
  return {404, "DBParameterGroupNotFound", "DBParameterGroup not found: " + std::string(name)};
}

ApiError db_cluster_parameter_group_not_found(std::string_view name) {
  return {404, "DBParameterGroupNotFound", "DBClusterParameterGroup not found: " + std::string(name)};
}

ApiError resource_not_found() { return {404, "ResourceNotFoundFault", "The specified resource ID was not found."}; }

ApiError unknown_parameter_group_family(std::string_view family) {
  return invalid_parameter_value("Invalid DB parameter group family: " + std::string(family));
}

ApiError invalid_parameter_combination(std::string_view message) {
  return {400, "InvalidParameterCombination", std::string(message)};
}

ApiError resource_not_in_region() {
  return invalid_parameter_value("The specified resource name does not match an RDS resource in this region.");
}

}  // namespace rds_exporter::sim
