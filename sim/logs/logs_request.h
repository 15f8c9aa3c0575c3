#pragma once

#include "common/expected.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::logs {

// A CloudWatch Logs request body, a JSON object, read member by member: a member of the wrong JSON type is
// SerializationException, a value out of the model's bounds InvalidParameterException.
class LogsRequest {
 public:
  // SerializationException unless `body` is a JSON object; an empty body is the empty object.
  static common::Expected<LogsRequest, ApiError> parse(std::string_view body);

  common::Expected<std::optional<std::string>, ApiError> string(std::string_view member) const;
  // A whole number in [min, max].
  common::Expected<std::optional<std::int64_t>, ApiError> integer(std::string_view member, std::int64_t min,
                                                                  std::int64_t max) const;
  common::Expected<std::optional<bool>, ApiError> boolean(std::string_view member) const;
  // A list of strings of [min_length, max_length] members.
  common::Expected<std::optional<std::vector<std::string>>, ApiError> strings(std::string_view member,
                                                                              std::size_t min_length,
                                                                              std::size_t max_length) const;

  // The log group named by logGroupName or logGroupIdentifier (a name or an ARN), exactly one of them, checked to
  // be RDSOSMetrics of `scoped`: InvalidParameterException for none or both, ResourceNotFoundException for another
  // group or a scope without Enhanced Monitoring.
  std::optional<ApiError> check_group(const Fleet& scoped) const;

 private:
  explicit LogsRequest(nlohmann::json body) : body_(std::move(body)) {}
  const nlohmann::json* find(std::string_view member) const;

  nlohmann::json body_;
};

// An opaque pagination token: `position` under a fingerprint of the request it belongs to, base64.
std::string page_token(std::string_view position, std::uint64_t fingerprint);
// The position in `token`; InvalidParameterException when it is not a token of this request.
common::Expected<std::string, ApiError> token_position(std::string_view token, std::uint64_t fingerprint);

}  // namespace rds_exporter::sim::logs
