#include "sim/pi/request_body.h"

#include "sim/pi/pi_errors.h"

#include <cmath>

namespace rds_exporter::sim::pi {
namespace {

using common::Unexpected;

ApiError missing(std::string_view member) {
  return validation_error(validation_name(member), "Member must not be null");
}

}  // namespace

std::string validation_name(std::string_view member) {
  std::string name(member);
  if (!name.empty() && name.front() >= 'A' && name.front() <= 'Z') name.front() = static_cast<char>(name.front() + 32);
  return name;
}

ApiError wrong_type(std::string_view member, std::string_view expected) {
  std::string message = "Member ";
  message.append(member).append(" must be ").append(expected);
  return serialization_error(std::move(message));
}

common::Expected<RequestBody, ApiError> RequestBody::parse(std::string_view body) {
  if (body.empty()) return RequestBody(nlohmann::json::object());
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Unexpected{serialization_error("The request body is not a JSON object")};
  }
  return RequestBody(std::move(parsed));
}

const nlohmann::json* RequestBody::find(std::string_view member) const {
  const auto it = body_.find(member);
  return it == body_.end() || it->is_null() ? nullptr : &*it;
}

common::Expected<std::string, ApiError> RequestBody::required_string(std::string_view member) const {
  auto value = optional_string(member);
  if (!value) return Unexpected{std::move(value).error()};
  if (!value->has_value()) return Unexpected{missing(member)};
  return std::move(**value);
}

common::Expected<std::optional<std::string>, ApiError> RequestBody::optional_string(std::string_view member) const {
  const nlohmann::json* value = find(member);
  if (value == nullptr) return std::optional<std::string>{};
  if (!value->is_string()) return Unexpected{wrong_type(member, "a string")};
  return std::optional<std::string>(value->get<std::string>());
}

common::Expected<std::optional<std::int64_t>, ApiError> RequestBody::optional_integer(std::string_view member) const {
  const nlohmann::json* value = find(member);
  if (value == nullptr) return std::optional<std::int64_t>{};
  if (value->is_number_integer()) return std::optional<std::int64_t>(value->get<std::int64_t>());
  if (value->is_number_float()) {
    const double number = value->get<double>();
    if (std::trunc(number) == number && std::abs(number) < 9.0e15) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(number));
    }
  }
  return Unexpected{wrong_type(member, "a whole number")};
}

common::Expected<double, ApiError> RequestBody::required_timestamp(std::string_view member) const {
  const nlohmann::json* value = find(member);
  if (value == nullptr) return Unexpected{missing(member)};
  if (!value->is_number()) return Unexpected{wrong_type(member, "a number of seconds since the epoch")};
  const double seconds = value->get<double>();
  // Beyond the year 9999 no timestamp is meant, and such numbers would overflow the arithmetic on them.
  if (!std::isfinite(seconds) || std::abs(seconds) > 253402300799.0) {
    return Unexpected{wrong_type(member, "a number of seconds since the epoch")};
  }
  return seconds;
}

common::Expected<const nlohmann::json*, ApiError> RequestBody::required_list(std::string_view member,
                                                                             std::size_t min_length,
                                                                             std::size_t max_length) const {
  const nlohmann::json* value = find(member);
  if (value == nullptr) return Unexpected{missing(member)};
  if (!value->is_array()) return Unexpected{wrong_type(member, "a list")};
  if (value->size() < min_length) {
    return Unexpected{validation_error(
        validation_name(member), "Member must have length greater than or equal to " + std::to_string(min_length))};
  }
  if (value->size() > max_length) {
    return Unexpected{validation_error(validation_name(member),
                                       "Member must have length less than or equal to " + std::to_string(max_length))};
  }
  return value;
}

}  // namespace rds_exporter::sim::pi
