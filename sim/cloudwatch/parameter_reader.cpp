#include "sim/cloudwatch/parameter_reader.h"

#include "sim/cloudwatch/cloudwatch_errors.h"
#include "sim/common/iso8601.h"

#include <charconv>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr std::int64_t kHighResolutionPeriods[] = {1, 5, 10, 20, 30};

}  // namespace

ParameterReader::ParameterReader(const QueryParameters& params, ValidationReport& report)
    : params_(params), report_(report) {}

ParameterReader::ParameterReader(const QueryParameters& item, const ParameterReader& parent, std::string_view list,
                                 unsigned index)
    : params_(item), report_(parent.report_), parent_(&parent), list_(list), index_(index) {}

std::string ParameterReader::parameter(std::string_view name) const {
  if (parent_ == nullptr) return std::string(name);
  std::string path = parent_->parameter(list_);
  path.append(".member.").append(std::to_string(index_)).append(".").append(name);
  return path;
}

const std::string* ParameterReader::required(std::string_view name) {
  const std::string* value = params_.find(name);
  if (value == nullptr) report_.missing(parameter(name));
  return value;
}

std::optional<std::int64_t> ParameterReader::timestamp(std::string_view name) {
  const std::string* text = required(name);
  if (text == nullptr) return std::nullopt;
  const auto time = parse_iso8601(*text);
  if (!time) {
    report_.invalid(invalid_value_line(*text, parameter(name)));
    return std::nullopt;
  }
  return time->time_since_epoch().count();
}

std::optional<std::int64_t> ParameterReader::integer(std::string_view name) {
  const std::string* text = params_.find(name);
  if (text == nullptr) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size()) {
    report_.invalid(invalid_value_line(*text, parameter(name)));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ParameterReader::boolean(std::string_view name) {
  const std::string* text = params_.find(name);
  if (text == nullptr) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  report_.invalid(invalid_value_line(*text, parameter(name)));
  return std::nullopt;
}

std::optional<std::int64_t> ParameterReader::period(std::string_view name) {
  if (required(name) == nullptr) return std::nullopt;
  const auto value = integer(name);
  if (!value) return std::nullopt;
  if (*value >= 60) {
    if (*value % 60 == 0) return value;
    report_.invalid(period_multiple_of_60_line(parameter(name)));
    return std::nullopt;
  }
  for (const std::int64_t allowed : kHighResolutionPeriods) {
    if (*value == allowed) return value;
  }
  report_.invalid(high_resolution_period_line(parameter(name)));
  return std::nullopt;
}

std::vector<Dimension> ParameterReader::dimensions(std::string_view list, std::size_t maximum) {
  const auto members = items(list);
  if (members.size() > maximum) {
    report_.invalid(collection_size_line(parameter(list), maximum));
    return {};
  }
  std::vector<Dimension> dimensions;
  dimensions.reserve(members.size());
  for (const auto& [index, member] : members) {
    ParameterReader reader(member, *this, list, index);
    const std::string* name = reader.required("Name");
    const std::string* value = reader.required("Value");
    if (name != nullptr && value != nullptr) dimensions.push_back({*name, *value});
  }
  return dimensions;
}

std::map<unsigned, QueryParameters> ParameterReader::items(std::string_view name) const {
  return params_.list_items(std::string(name) + ".member");
}

}  // namespace rds_exporter::sim::cloudwatch
