#pragma once

#include "common/expected.h"
#include "sim/protocol/api_error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::sim::pi {

// A Performance Insights request body, a JSON object, read member by member with the API's answers to what the
// model forbids: a missing required member is ValidationException ("Value at 'identifier' ... Member must not
// be null", members named in lowerCamelCase as AWS's validator names them), a member of the wrong JSON type
// SerializationException.
class RequestBody {
 public:
  // SerializationException unless `body` is a JSON object; an empty body is the empty object.
  static common::Expected<RequestBody, ApiError> parse(std::string_view body);

  // nullptr when absent or null.
  const nlohmann::json* find(std::string_view member) const;

  common::Expected<std::string, ApiError> required_string(std::string_view member) const;
  common::Expected<std::optional<std::string>, ApiError> optional_string(std::string_view member) const;
  // A whole number, written with or without a fraction ("60", "60.0").
  common::Expected<std::optional<std::int64_t>, ApiError> optional_integer(std::string_view member) const;
  // Seconds since the Unix epoch, a JSON number that may have a fraction or an exponent (1.5270804E9).
  common::Expected<double, ApiError> required_timestamp(std::string_view member) const;
  // A JSON array, checked against the model's length bounds.
  common::Expected<const nlohmann::json*, ApiError> required_list(std::string_view member, std::size_t min_length,
                                                                  std::size_t max_length) const;

 private:
  explicit RequestBody(nlohmann::json body) : body_(std::move(body)) {}

  nlohmann::json body_;
};

// "MetricQueries" -> "metricQueries", as validation messages name members.
std::string validation_name(std::string_view member);

// SerializationException for `member` holding a JSON value of another type than `expected` ("a string").
ApiError wrong_type(std::string_view member, std::string_view expected);

}  // namespace rds_exporter::sim::pi
