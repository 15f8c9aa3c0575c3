#include "sim/rds/describe_engine_default_parameters.h"

#include "sim/protocol/common_errors.h"
#include "sim/rds/parameter_listing.h"
#include "sim/rds/rds_errors.h"

#include <algorithm>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kDefaultParameterFilterNames[] = {"parameter-name"};

OperationOutcome describe_engine_defaults(const OperationCall& call, bool cluster, std::string_view operation) {
  const std::string* family = call.params.find("DBParameterGroupFamily");
  if (family == nullptr) return missing_parameter("DBParameterGroupFamily");
  auto page_request = read_page_request(call.params);
  if (auto* error = std::get_if<ApiError>(&page_request)) return std::move(*error);
  auto filters = read_filters(call.params, kDefaultParameterFilterNames);
  if (auto* error = std::get_if<ApiError>(&filters)) return std::move(*error);
  const auto defaults = family_defaults(*family, cluster);
  if (!defaults) return unknown_parameter_group_family(*family);
  return write_parameter_page(call, operation, parameter_rows(*defaults, {}), std::get<PageRequest>(page_request),
                              std::get<std::vector<Filter>>(filters), nullptr, *family);
}

}  // namespace

std::string DescribeEngineDefaultParameters::resource_arn(const OperationCall&) const { return "*"; }

OperationOutcome DescribeEngineDefaultParameters::invoke(const OperationCall& call) const {
  return describe_engine_defaults(call, false, name());
}

std::string DescribeEngineDefaultClusterParameters::resource_arn(const OperationCall&) const { return "*"; }

OperationOutcome DescribeEngineDefaultClusterParameters::invoke(const OperationCall& call) const {
  return describe_engine_defaults(call, true, name());
}

}  // namespace rds_exporter::sim
