#include "sim/rds/describe_db_parameters.h"

#include "sim/fleet/parameter_catalog.h"
#include "sim/protocol/common_errors.h"
#include "sim/protocol/query_response.h"
#include "sim/rds/filters.h"
#include "sim/rds/page_request.h"
#include "sim/rds/parameter_listing.h"
#include "sim/rds/rds_api.h"
#include "sim/rds/rds_errors.h"

#include <algorithm>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kParameterFilterNames[] = {"parameter-name"};
constexpr std::string_view kSources[] = {"user", "system", "engine-default"};

// The family of a default group ("default.mysql8.0"), or of the scope's custom group of that name.
std::optional<std::pair<std::string, const ParameterGroup*>> group_named(const std::string& name, bool cluster,
                                                                         const Fleet& fleet) {
  if (name.starts_with("default.")) {
    std::string family = name.substr(8);
    if (!family_defaults(family, cluster)) return std::nullopt;
    return std::pair<std::string, const ParameterGroup*>{std::move(family), nullptr};
  }
  const ParameterGroup* group = fleet.find_parameter_group(name, cluster);
  if (group == nullptr) return std::nullopt;
  return std::pair<std::string, const ParameterGroup*>{group->family, group};
}

OperationOutcome describe_parameters(const OperationCall& call, bool cluster, std::string_view operation,
                                     std::string_view name_parameter) {
  const std::string* name = call.params.find(name_parameter);
  if (name == nullptr) return missing_parameter(name_parameter);
  auto page_request = read_page_request(call.params);
  if (auto* error = std::get_if<ApiError>(&page_request)) return std::move(*error);
  auto filters = read_filters(call.params, kParameterFilterNames);
  if (auto* error = std::get_if<ApiError>(&filters)) return std::move(*error);
  const std::string* source = call.params.find("Source");
  if (source != nullptr && std::find(std::begin(kSources), std::end(kSources), *source) == std::end(kSources)) {
    return invalid_parameter_value("Invalid source: " + *source + ". Valid values: user, system, engine-default");
  }
  const auto group = group_named(*name, cluster, call.fleet);
  if (!group) return cluster ? db_cluster_parameter_group_not_found(*name) : db_parameter_group_not_found(*name);
  const std::vector<ParameterRow> rows =
      parameter_rows(*family_defaults(group->first, cluster),
                     group->second != nullptr ? group->second->parameters : ParameterValues{});
  return write_parameter_page(call, operation, rows, std::get<PageRequest>(page_request),
                              std::get<std::vector<Filter>>(filters), source, "");
}

}  // namespace

std::string DescribeDbParameters::resource_arn(const OperationCall& call) const {
  const std::string* name = call.params.find("DBParameterGroupName");
  return call.fleet.rds_arn("pg", name != nullptr ? *name : "*");
}

OperationOutcome DescribeDbParameters::invoke(const OperationCall& call) const {
  return describe_parameters(call, false, name(), "DBParameterGroupName");
}

std::string DescribeDbClusterParameters::resource_arn(const OperationCall& call) const {
  const std::string* name = call.params.find("DBClusterParameterGroupName");
  return call.fleet.rds_arn("cluster-pg", name != nullptr ? *name : "*");
}

OperationOutcome DescribeDbClusterParameters::invoke(const OperationCall& call) const {
  return describe_parameters(call, true, name(), "DBClusterParameterGroupName");
}

}  // namespace rds_exporter::sim
