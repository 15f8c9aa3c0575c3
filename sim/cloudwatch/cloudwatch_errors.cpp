#include "sim/cloudwatch/cloudwatch_errors.h"

namespace rds_exporter::sim::cloudwatch {
namespace {

std::string value_line(std::string_view value, std::string_view parameter, std::string_view complaint) {
  std::string line = "The value ";
  if (!value.empty()) line.append(value).append(" ");
  line.append("for parameter ").append(parameter).append(" ").append(complaint);
  return line;
}

std::string parameter_line(std::string_view parameter, std::string_view complaint) {
  std::string line = "The parameter ";
  line.append(parameter).append(" ").append(complaint);
  return line;
}

}  // namespace

ApiError validation_error(std::string message) { return {400, "ValidationError", std::move(message)}; }

ApiError invalid_parameter_combination(std::string message) {
  return {400, "InvalidParameterCombination", std::move(message)};
}

ApiError invalid_next_token(std::string_view token) {
  return {400, "InvalidNextToken", invalid_value_line(token, "NextToken")};
}

ApiError serialization_error(std::string message) { return {400, "SerializationException", std::move(message)}; }

std::string required_line(std::string_view parameter) { return parameter_line(parameter, "is required."); }

std::string invalid_value_line(std::string_view value, std::string_view parameter) {
  return value_line(value, parameter, "is invalid.");
}

std::string pattern_line(std::string_view value, std::string_view parameter, std::string_view pattern) {
  return value_line(value, parameter, "is not matching the expected pattern " + std::string(pattern) + ".");
}

std::string statistic_line(std::string_view value, std::string_view parameter) {
  return value_line(value, parameter, "is not a valid statistic.");
}

std::string period_multiple_of_60_line(std::string_view parameter) {
  return parameter_line(parameter, "must be a multiple of 60.");
}

std::string high_resolution_period_line(std::string_view parameter) {
  return parameter_line(parameter, "must be a value in the set [ 1, 5, 10, 20, 30 ].");
}

std::string collection_size_line(std::string_view parameter, std::size_t maximum) {
  return "The collection " + std::string(parameter) + " must not have a size greater than " + std::to_string(maximum) +
         ".";
}

std::string start_equals_end_line() { return "The parameter StartTime must not equal parameter EndTime."; }

std::string end_before_start_line() { return "The parameter EndTime must be greater than StartTime."; }

ApiError too_many_queries() { return validation_error(collection_size_line("MetricDataQueries", 500)); }

ApiError duplicate_query_ids() {
  return validation_error("The values for parameter id in MetricDataQueries are not unique.");
}

ApiError expressions_not_simulated(std::string_view parameter) {
  return validation_error("rds_sim does not evaluate metric math or Metrics Insights queries (" +
                          std::string(parameter) + "); ask for a MetricStat instead.\n");
}

ApiError too_many_datapoints(std::int64_t requested) {
  return invalid_parameter_combination("You have requested up to " + std::to_string(requested) +
                                       " datapoints, which exceeds the limit of 1440. You may reduce the datapoints "
                                       "requested by increasing Period, or decreasing the time range.");
}

ApiError statistics_missing() {
  return invalid_parameter_combination("Must specify either Statistics or ExtendedStatistics");
}

ApiError statistics_conflict() {
  return invalid_parameter_combination(
      "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.");
}

}  // namespace rds_exporter::sim::cloudwatch
