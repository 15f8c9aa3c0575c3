#pragma once

#include "sim/protocol/api_error.h"

#include <string_view>

namespace rds_exporter::sim {

// RDS's own errors, with the Code the model gives each fault (which is not always the fault's name:
// DBInstanceNotFoundFault goes on the wire as DBInstanceNotFound) and RDS's wording.
ApiError db_instance_not_found(std::string_view identifier);
ApiError db_cluster_not_found(std::string_view identifier);
ApiError invalid_max_records(std::string_view value);
ApiError unrecognized_filter_name(std::string_view name);
ApiError unrecognized_engine_name(std::string_view name);
ApiError invalid_marker(std::string_view marker);
ApiError db_parameter_group_not_found(std::string_view name);
ApiError db_cluster_parameter_group_not_found(std::string_view name);
ApiError resource_not_found();
ApiError unknown_parameter_group_family(std::string_view family);
ApiError invalid_parameter_combination(std::string_view message);
// ListTagsForResource given something that is not the ARN of an instance or cluster of this region.
ApiError resource_not_in_region();

}  // namespace rds_exporter::sim
