#include "sim/cloudwatch/cloudwatch_operations.h"

#include "sim/cloudwatch/get_metric_data.h"
#include "sim/cloudwatch/get_metric_data_output.h"
#include "sim/cloudwatch/get_metric_statistics_output.h"
#include "sim/cloudwatch/list_metrics_output.h"

namespace rds_exporter::sim::cloudwatch {
namespace {

std::int64_t seconds_since_epoch(const Clock& clock) {
  return std::chrono::floor<std::chrono::seconds>(clock()).time_since_epoch().count();
}

// Every operation alike: read the request (or its error), answer it (or fail), write the answer in the
// request's protocol. The variants hold the value first and ApiError second.
template <class Read, class Answer, class WriteXml, class WriteJson>
OperationOutcome respond(const OperationCall& call, WireProtocol protocol, Read read, Answer answer, WriteXml xml,
                         WriteJson json) {
  auto request = read(call.params);
  if (auto* error = std::get_if<ApiError>(&request)) return std::move(*error);
  auto result = answer(std::get<0>(request));
  if (auto* error = std::get_if<ApiError>(&result)) return std::move(*error);
  const auto& value = std::get<0>(result);
  return protocol == WireProtocol::kJson ? json(value) : xml(value, call.request_id);
}

}  // namespace

OperationOutcome GetMetricDataOperation::run(const OperationCall& call, WireProtocol protocol) const {
  const auto answer = [&](const GetMetricDataRequest& request) {
    auto page = get_metric_data(request, call.fleet, seconds_since_epoch(clock_));
    if (const auto* answered = std::get_if<MetricDataPage>(&page)) {
      usage_.record_get_metric_data(answered->metrics_requested);
    }
    return page;
  };
  return respond(call, protocol, read_get_metric_data, answer, get_metric_data_xml, get_metric_data_json);
}

OperationOutcome GetMetricStatisticsOperation::run(const OperationCall& call, WireProtocol protocol) const {
  const auto answer = [&](const GetMetricStatisticsRequest& request) {
    return get_metric_statistics(request, call.fleet, seconds_since_epoch(clock_));
  };
  return respond(call, protocol, read_get_metric_statistics, answer, get_metric_statistics_xml,
                 get_metric_statistics_json);
}

OperationOutcome ListMetricsOperation::run(const OperationCall& call, WireProtocol protocol) const {
  const auto answer = [&](const ListMetricsRequest& request) { return list_metrics(request, call.fleet); };
  return respond(call, protocol, read_list_metrics, answer, list_metrics_xml, list_metrics_json);
}

}  // namespace rds_exporter::sim::cloudwatch
