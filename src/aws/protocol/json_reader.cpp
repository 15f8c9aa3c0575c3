#include "aws/protocol/json_reader.h"

#include "aws/protocol/response_reading.h"

#include <cmath>
#include <limits>
#include <new>

namespace rds_exporter::aws {
namespace {

std::string member_path(const std::string& parent, std::string_view name) {
  return parent.empty() ? std::string(name) : parent + "." + std::string(name);
}

}  // namespace

JsonElement::JsonElement(const nlohmann::json& value, std::string path) : value_(&value), path_(std::move(path)) {}

std::optional<JsonElement> JsonElement::member(std::string_view name) const {
  if (!value_->is_object()) fail("expected an object, got " + std::string(value_->type_name()));
  const auto found = value_->find(name);
  if (found == value_->end() || found->is_null()) return std::nullopt;
  return JsonElement(*found, member_path(path_, name));
}

JsonElement JsonElement::required_member(std::string_view name) const {
  auto found = member(name);
  if (!found) fail("missing member " + std::string(name));
  return *std::move(found);
}

std::vector<JsonElement> JsonElement::items() const {
  if (!value_->is_array()) fail("expected an array, got " + std::string(value_->type_name()));
  std::vector<JsonElement> items;
  items.reserve(value_->size());
  for (std::size_t i = 0; i < value_->size(); ++i) {
    items.emplace_back((*value_)[i], path_ + "[" + std::to_string(i) + "]");
  }
  return items;
}

std::string JsonElement::to_string() const {
  if (!value_->is_string()) fail("expected a string, got " + std::string(value_->type_name()));
  return value_->get<std::string>();
}

double JsonElement::to_double() const {
  if (!value_->is_number()) fail("expected a number, got " + std::string(value_->type_name()));
  return value_->get<double>();
}

std::int64_t JsonElement::to_int64() const {
  // nlohmann keeps a non-negative integer as unsigned, and is_number_integer() is true for both.
  if (value_->is_number_unsigned()) {
    const auto value = value_->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) fail("number out of range");
    return static_cast<std::int64_t>(value);
  }
  if (value_->is_number_integer()) return value_->get<std::int64_t>();
  if (!value_->is_number_float()) fail("expected a whole number, got " + std::string(value_->type_name()));
  const double value = value_->get<double>();
  // 2^63 as a double: the first value past the range; casting it or NaN would be undefined.
  constexpr double kLimit = 9223372036854775808.0;
  if (!std::isfinite(value) || value < -kLimit || value >= kLimit) fail("number out of range");
  if (std::trunc(value) != value) fail("expected a whole number, got a fraction");
  return static_cast<std::int64_t>(value);
}

TimePoint JsonElement::to_epoch_seconds() const {
  const auto time = from_epoch_seconds(to_double());
  if (!time) fail("epoch seconds out of range");
  return *time;
}

TimePoint JsonElement::to_epoch_milliseconds() const {
  const auto time = from_epoch_milliseconds(to_double());
  if (!time) fail("epoch milliseconds out of range");
  return *time;
}

std::optional<std::string> JsonElement::optional_string(std::string_view name) const {
  const auto found = member(name);
  if (!found) return std::nullopt;
  return found->to_string();
}

std::optional<std::int64_t> JsonElement::optional_int64(std::string_view name) const {
  const auto found = member(name);
  if (!found) return std::nullopt;
  return found->to_int64();
}

std::string JsonElement::required_string(std::string_view name) const {
  auto value = optional_string(name);
  if (!value || value->empty()) fail("missing member " + std::string(name));
  return *std::move(value);
}

std::vector<JsonElement> JsonElement::optional_array(std::string_view name) const {
  const auto found = member(name);
  if (!found) return {};
  return found->items();
}

void JsonElement::fail(std::string_view problem) const {
  throw MalformedResponseError((path_.empty() ? std::string("top level") : path_) + ": " + std::string(problem));
}

common::Expected<nlohmann::json, std::string> parse_json_document(std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    return common::Unexpected{json_syntax_problem(error, text.size())};
  } catch (const std::bad_alloc&) {
    return common::Unexpected{"too large to read (" + std::to_string(text.size()) + " bytes)"};
  }
}

std::string json_syntax_problem(const nlohmann::json::exception& error, std::size_t size) {
  // 1E400: nlohmann refuses a number a double cannot hold (error 406), and its message quotes the number.
  if (error.id == 406) return "not valid JSON: a number out of range";
  if (const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&error)) {
    return "not valid JSON: syntax error at byte " + std::to_string(parse->byte) + " of " + std::to_string(size);
  }
  return "not valid JSON";
}

}  // namespace rds_exporter::aws
