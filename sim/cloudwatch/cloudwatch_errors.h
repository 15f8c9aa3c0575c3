#pragma once

#include "sim/protocol/api_error.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// CloudWatch's errors with the Query codes its model gives them (JSON replies map them to __type, see
// json_reply.h), and the wording AWS uses. Where a message was seen from AWS it is quoted; the rest follow the
// same pattern and are marked "pattern" below.
//
// GetMetricData reports every problem of a request at once, one line each, every line ending in "\n":
//   "The value 5xx for parameter MetricDataQueries.member.1.Id is not matching the expected pattern
//    ^[a-z][a-zA-Z0-9_]*$.\nThe value 6xx for parameter MetricDataQueries.member.2.Id is not ...\n"
// (seen: influxdata/telegraf#5420, prometheus-community/yet-another-cloudwatch-exporter#1435, elastic/beats#32687).

ApiError validation_error(std::string message);
ApiError invalid_parameter_combination(std::string message);
ApiError invalid_next_token(std::string_view token);  // pattern
// AWS JSON 1.0's answer to a body that is not a JSON object.
ApiError serialization_error(std::string message);

// Lines of a validation message, without the trailing "\n".
std::string required_line(std::string_view parameter);  // "The parameter X is required." (seen)
std::string invalid_value_line(std::string_view value, std::string_view parameter);  // "... is invalid." (seen)
std::string pattern_line(std::string_view value, std::string_view parameter, std::string_view pattern);  // seen
std::string statistic_line(std::string_view value,
                           std::string_view parameter);               // "... is not a valid statistic." (seen)
std::string period_multiple_of_60_line(std::string_view parameter);   // pattern
std::string high_resolution_period_line(std::string_view parameter);  // pattern
std::string collection_size_line(std::string_view parameter, std::size_t maximum);  // seen for 500 queries
std::string start_equals_end_line();  // "The parameter StartTime must not equal parameter EndTime." (seen)
std::string end_before_start_line();  // "The parameter EndTime must be greater than StartTime." (pattern)

// GetMetricData: more than 500 queries (seen), and Ids used twice (seen); both without a trailing "\n".
ApiError too_many_queries();
ApiError duplicate_query_ids();
// GetMetricData: metric math and Metrics Insights are not simulated, and a request that uses them is refused
// in words that say so, rather than answered wrongly.
ApiError expressions_not_simulated(std::string_view parameter);

// GetMetricStatistics: more datapoints than one call returns (seen: cloud-custodian/cloud-custodian#7103).
ApiError too_many_datapoints(std::int64_t requested);
ApiError statistics_missing();   // "Must specify either Statistics or ExtendedStatistics" (pattern, from moto)
ApiError statistics_conflict();  // both given (pattern)

}  // namespace rds_exporter::sim::cloudwatch
