#pragma once

#include "sim/protocol/api_error.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim::pi {

// Performance Insights' errors, coded by their JSON __type (sim/README.md, "Performance Insights", says which
// words are AWS's and which are the simulator's).

// 400 InvalidArgumentException, the API's answer to any argument it cannot use.
ApiError invalid_argument(std::string message);

// 400 ValidationException "1 validation error detected: Value at 'member' failed to satisfy constraint:
// <constraint>", for a request that breaks the API model (a missing member, more than 15 MetricQueries).
ApiError validation_error(std::string_view member, std::string_view constraint);

// 400 SerializationException, for a body that is not a JSON object or a member of the wrong JSON type.
ApiError serialization_error(std::string message);

// 400 NotAuthorizedException for an instance Performance Insights holds no data for (turned off, or an engine it
// does not cover): "The resource db-... for service type RDS is not authorized for this account".
ApiError resource_not_authorized(std::string_view identifier, std::string_view service_type);

// 400 NotAuthorizedException for a caller whose policy lacks `action` on `resource`, worded as IAM words
// AccessDenied elsewhere.
ApiError action_not_authorized(std::string_view principal_arn, std::string_view action, std::string_view resource);

// InvalidArgumentException "The specified statistic is not a known statistic".
ApiError unknown_statistic();

}  // namespace rds_exporter::sim::pi
