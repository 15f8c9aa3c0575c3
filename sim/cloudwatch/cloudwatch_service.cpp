#include "sim/cloudwatch/cloudwatch_service.h"

#include "sim/cloudwatch/cloudwatch_api.h"
#include "sim/cloudwatch/json_request.h"

namespace rds_exporter::sim::cloudwatch {

CloudWatchService::CloudWatchService(Clock clock, CloudWatchUsage& usage) {
  operations_.push_back(std::make_unique<GetMetricDataOperation>(clock, usage));
  operations_.push_back(std::make_unique<GetMetricStatisticsOperation>(clock));
  operations_.push_back(std::make_unique<ListMetricsOperation>());
}

std::string_view CloudWatchService::signing_name() const { return kSigningName; }

std::string_view CloudWatchService::api_version() const { return kApiVersion; }

std::string_view CloudWatchService::xml_namespace() const { return kXmlNamespace; }

const QueryOperation* CloudWatchService::find_operation(std::string_view action) const { return find(action); }

const CloudWatchOperation* CloudWatchService::find_json_operation(std::string_view target) const {
  if (!target.starts_with(kJsonTargetPrefix) || target.substr(kJsonTargetPrefix.size(), 1) != ".") return nullptr;
  return find(target.substr(kJsonTargetPrefix.size() + 1));
}

OperationOutcome CloudWatchService::invoke_json(const CloudWatchOperation& operation, std::string_view body,
                                                const Fleet& fleet, std::string_view request_id) const {
  auto params = json_to_query_parameters(body);
  if (auto* error = std::get_if<ApiError>(&params)) return std::move(*error);
  return operation.run(OperationCall{std::get<QueryParameters>(params), fleet, request_id}, WireProtocol::kJson);
}

const CloudWatchOperation* CloudWatchService::find(std::string_view name) const {
  for (const auto& operation : operations_) {
    if (operation->name() == name) return operation.get();
  }
  return nullptr;
}

}  // namespace rds_exporter::sim::cloudwatch
