#include "sim/logs/logs_request.h"

#include "sim/logs/log_streams.h"
#include "sim/logs/logs_api.h"
#include "sim/logs/logs_errors.h"
#include "sim/protocol/base64.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace rds_exporter::sim::logs {
namespace {

using common::Unexpected;

ApiError wrong_type(std::string_view member, std::string_view expected) {
  std::string message = "Member '";
  message.append(member).append("' must be ").append(expected);
  return serialization_error(std::move(message));
}

ApiError out_of_bounds(std::string_view member, std::string_view constraint) {
  std::string message = "1 validation error detected: Value at '";
  message.append(member).append("' failed to satisfy constraint: ").append(constraint);
  return invalid_parameter(std::move(message));
}

constexpr std::string_view kTokenVersion = "rdssim-logs-1";

}  // namespace

common::Expected<LogsRequest, ApiError> LogsRequest::parse(std::string_view body) {
  if (body.empty()) return LogsRequest(nlohmann::json::object());
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Unexpected{serialization_error("The request body is not a JSON object")};
  }
  return LogsRequest(std::move(parsed));
}

const nlohmann::json* LogsRequest::find(std::string_view member) const {
  const auto found = body_.find(member);
  if (found == body_.end() || found->is_null()) return nullptr;
  return &*found;
}

common::Expected<std::optional<std::string>, ApiError> LogsRequest::string(std::string_view member) const {
  const nlohmann::json* value = find(member);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return Unexpected{wrong_type(member, "a string")};
  return std::optional<std::string>(value->get<std::string>());
}

common::Expected<std::optional<std::int64_t>, ApiError> LogsRequest::integer(std::string_view member, std::int64_t min,
                                                                             std::int64_t max) const {
  const nlohmann::json* value = find(member);
  if (value == nullptr) return std::optional<std::int64_t>();
  if (!value->is_number()) return Unexpected{wrong_type(member, "a number")};
  const double number = value->get<double>();
  if (value->is_number_float() && number != std::floor(number)) return Unexpected{wrong_type(member, "a whole number")};
  // Converted only when it fits: a float such as 1e300 cast to int64 is undefined, an unsigned above its range
  // would wrap. Either is then out of bounds.
  constexpr double kTwoTo63 = 9223372036854775808.0;
  std::optional<std::int64_t> whole;
  if (value->is_number_unsigned()) {
    const auto unsigned_value = value->get<std::uint64_t>();
    if (unsigned_value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      whole = static_cast<std::int64_t>(unsigned_value);
    }
  } else if (value->is_number_integer()) {
    whole = value->get<std::int64_t>();
  } else if (number >= -kTwoTo63 && number < kTwoTo63) {
    whole = static_cast<std::int64_t>(number);
  }
  if (!whole || *whole < min || *whole > max) {
    return Unexpected{
        out_of_bounds(member, "Member must have value between " + std::to_string(min) + " and " + std::to_string(max))};
  }
  return whole;
}

common::Expected<std::optional<bool>, ApiError> LogsRequest::boolean(std::string_view member) const {
  const nlohmann::json* value = find(member);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_boolean()) return Unexpected{wrong_type(member, "a boolean")};
  return std::optional<bool>(value->get<bool>());
}

common::Expected<std::optional<std::vector<std::string>>, ApiError> LogsRequest::strings(std::string_view member,
                                                                                         std::size_t min_length,
                                                                                         std::size_t max_length) const {
  const nlohmann::json* value = find(member);
  if (value == nullptr) return std::optional<std::vector<std::string>>();
  if (!value->is_array()) return Unexpected{wrong_type(member, "a list of strings")};
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (!item.is_string()) return Unexpected{wrong_type(member, "a list of strings")};
    out.push_back(item.get<std::string>());
  }
  if (out.size() < min_length || out.size() > max_length) {
    return Unexpected{out_of_bounds(member, "Member must have length between " + std::to_string(min_length) + " and " +
                                                std::to_string(max_length))};
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

std::optional<ApiError> LogsRequest::check_group(const Fleet& scoped) const {
  auto name = string("logGroupName");
  if (!name) return name.error();
  auto identifier = string("logGroupIdentifier");
  if (!identifier) return identifier.error();
  if (name.value() && identifier.value()) {
    return invalid_parameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (!name.value() && !identifier.value()) {
    return invalid_parameter("Either logGroupName or logGroupIdentifier must be specified.");
  }
  std::string group = name.value() ? *name.value() : *identifier.value();
  if (identifier.value() && group.starts_with("arn:")) {
    // arn:aws:logs:<region>:<account>:log-group:<name>, with or without ":*".
    if (group.ends_with(":*")) group.resize(group.size() - 2);
    if (group != group_arn(scoped)) return log_group_not_found();
    group = kOsMetricsGroup;
  }
  if (group.empty() || group.size() > 512) {
    return out_of_bounds(name.value() ? "logGroupName" : "logGroupIdentifier",
                         "Member must have length between 1 and 512");
  }
  if (group != kOsMetricsGroup || !group_exists(scoped)) return log_group_not_found();
  return std::nullopt;
}

std::string page_token(std::string_view position, std::uint64_t fingerprint) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
  std::string text(kTokenVersion);
  text.append("/").append(hex).append("/").append(position);
  return base64_encode(text);
}

common::Expected<std::string, ApiError> token_position(std::string_view token, std::uint64_t fingerprint) {
  const auto text = base64_decode(token);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
  const std::string prefix = std::string(kTokenVersion) + "/" + hex + "/";
  if (!text || !text->starts_with(prefix)) return Unexpected{invalid_parameter("The specified nextToken is invalid.")};
  return text->substr(prefix.size());
}

}  // namespace rds_exporter::sim::logs
