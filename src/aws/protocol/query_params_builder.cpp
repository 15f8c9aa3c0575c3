#include "aws/protocol/query_params_builder.h"

#include "common/time_text.h"

namespace rds_exporter::aws {

QueryParamsBuilder& QueryParamsBuilder::add(std::string name, std::string value) {
  params_.emplace_back(std::move(name), std::move(value));
  return *this;
}

QueryParamsBuilder& QueryParamsBuilder::add_bool(std::string name, bool value) {
  return add(std::move(name), value ? "true" : "false");
}

QueryParamsBuilder& QueryParamsBuilder::add_integer(std::string name, std::int64_t value) {
  return add(std::move(name), std::to_string(value));
}

QueryParamsBuilder& QueryParamsBuilder::add_timestamp(std::string name, TimePoint value) {
  return add(std::move(name), common::format_iso8601(value));
}

QueryParamsBuilder& QueryParamsBuilder::add_list(const std::string& name, std::string_view item_name,
                                                 const std::vector<std::string>& values) {
  if (values.empty()) return add(name, "");
  for (std::size_t i = 0; i < values.size(); ++i) add(query_list_item(name, item_name, i), values[i]);
  return *this;
}

std::string query_list_item(std::string_view name, std::string_view item_name, std::size_t index) {
  return std::string(name) + "." + std::string(item_name) + "." + std::to_string(index + 1);
}

}  // namespace rds_exporter::aws
