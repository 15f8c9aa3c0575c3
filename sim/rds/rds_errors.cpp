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

ApiError resource_not_in_region() {
  return invalid_parameter_value("The specified resource name does not match an RDS resource in this region.");
}

}  // namespace rds_exporter::sim
