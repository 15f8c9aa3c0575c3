#include "aws/services/pi_wire.h"

#include "aws/protocol/json_protocol.h"

namespace rds_exporter::aws {
namespace {

JsonProtocol pi_protocol() { return {.json_version = "1.1", .target_prefix = "PerformanceInsightsv20180227"}; }

PiMetricResult read_metric_result(const JsonElement& entry, const JsonElement& key) {
  PiMetricResult result;
  result.metric = key.required_string("Metric");
  for (const auto& point : entry.optional_array("DataPoints")) {
    const auto value = point.member("Value");
    result.points.push_back(PiDataPoint{.timestamp = point.required_member("Timestamp").to_epoch_seconds(),
                                        .value = value ? std::optional<double>(value->to_double()) : std::nullopt});
  }
  return result;
}

}  // namespace

common::HttpRequest get_resource_metrics_request(const GetResourceMetricsInput& input) {
  nlohmann::json queries = nlohmann::json::array();
  for (const auto& metric : input.metrics) queries.push_back({{"Metric", metric}});
  const nlohmann::json body = {{"ServiceType", "RDS"},
                               {"Identifier", input.identifier},
                               {"MetricQueries", std::move(queries)},
                               {"StartTime", epoch_seconds_json(input.start)},
                               {"EndTime", epoch_seconds_json(input.end)},
                               {"PeriodInSeconds", input.period_seconds},
                               // END_TIME is the default today, but older API models lack the member: stated
                               // so that each timestamp surely marks the end of its period.
                               {"PeriodAlignment", "END_TIME"}};
  return make_json_request(pi_protocol(), "GetResourceMetrics", body);
}

common::Expected<GetResourceMetricsOutput, AwsError> parse_get_resource_metrics(const common::HttpResponse& response) {
  return read_json_result<GetResourceMetricsOutput>(response, "GetResourceMetrics", [](const JsonElement& output) {
    GetResourceMetricsOutput result;
    for (const auto& entry : output.optional_array("MetricList")) {
      const auto key = entry.required_member("Key");
      if (key.member("Dimensions")) continue;
      result.metrics.push_back(read_metric_result(entry, key));
    }
    return result;
  });
}

common::HttpRequest list_available_resource_metrics_request(const std::string& identifier,
                                                            const std::vector<std::string>& metric_types,
                                                            const std::optional<std::string>& next_token) {
  nlohmann::json body = {
      {"ServiceType", "RDS"}, {"Identifier", identifier}, {"MetricTypes", metric_types}, {"MaxResults", 25}};
  if (next_token) body["NextToken"] = *next_token;
  return make_json_request(pi_protocol(), "ListAvailableResourceMetrics", body);
}

common::Expected<PiAvailableMetricsPage, AwsError> parse_list_available_resource_metrics(
    const common::HttpResponse& response) {
  return read_json_result<PiAvailableMetricsPage>(
      response, "ListAvailableResourceMetrics", [](const JsonElement& output) {
        PiAvailableMetricsPage page;
        for (const auto& metric : output.optional_array("Metrics")) {
          page.metrics.push_back(PiAvailableMetric{.metric = metric.required_string("Metric"),
                                                   .unit = metric.optional_string("Unit").value_or(""),
                                                   .description = metric.optional_string("Description").value_or("")});
        }
        page.next_token = next_token_of(output);
        return page;
      });
}

}  // namespace rds_exporter::aws
