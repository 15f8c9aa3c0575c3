#include "aws/services/cloudwatch_wire.h"

#include "aws/protocol/json_protocol.h"

namespace rds_exporter::aws {
namespace {

JsonProtocol cloudwatch_protocol() {
  return {.json_version = "1.0", .target_prefix = "GraniteServiceVersion20100801", .query_compatible = true};
}

nlohmann::json query_json(const MetricDataQuery& query) {
  nlohmann::json metric = {{"Namespace", query.namespace_name}, {"MetricName", query.metric_name}};
  if (!query.dimensions.empty()) {
    auto& dimensions = metric["Dimensions"] = nlohmann::json::array();
    for (const auto& [name, value] : query.dimensions) dimensions.push_back({{"Name", name}, {"Value", value}});
  }
  return {{"Id", query.id},
          {"MetricStat", {{"Metric", std::move(metric)}, {"Period", query.period_seconds}, {"Stat", query.stat}}},
          {"ReturnData", true}};
}

std::vector<std::pair<std::string, std::string>> read_messages(const JsonElement& parent) {
  std::vector<std::pair<std::string, std::string>> messages;
  for (const auto& message : parent.optional_array("Messages")) {
    messages.emplace_back(message.optional_string("Code").value_or(""), message.optional_string("Value").value_or(""));
  }
  return messages;
}

MetricDataResult read_result(const JsonElement& element) {
  MetricDataResult result;
  result.id = element.required_string("Id");
  result.label = element.optional_string("Label").value_or("");
  for (const auto& timestamp : element.optional_array("Timestamps")) {
    result.timestamps.push_back(timestamp.to_epoch_seconds());
  }
  for (const auto& value : element.optional_array("Values")) result.values.push_back(value.to_double());
  if (result.timestamps.size() != result.values.size()) {
    throw MalformedResponseError(element.path() + ": " + std::to_string(result.timestamps.size()) + " timestamps but " +
                                 std::to_string(result.values.size()) + " values");
  }
  result.status_code = element.optional_string("StatusCode").value_or("");
  result.messages = read_messages(element);
  return result;
}

}  // namespace

common::HttpRequest get_metric_data_request(const GetMetricDataInput& input) {
  nlohmann::json queries = nlohmann::json::array();
  for (const auto& query : input.queries) queries.push_back(query_json(query));
  nlohmann::json body = {{"MetricDataQueries", std::move(queries)},
                         {"StartTime", epoch_seconds_json(input.start)},
                         {"EndTime", epoch_seconds_json(input.end)},
                         // Newest first, so that a caller wanting the latest point reads the first one.
                         {"ScanBy", "TimestampDescending"}};
  if (input.next_token) body["NextToken"] = *input.next_token;
  if (input.max_datapoints) body["MaxDatapoints"] = *input.max_datapoints;
  return make_json_request(cloudwatch_protocol(), "GetMetricData", body);
}

common::Expected<GetMetricDataPage, AwsError> parse_get_metric_data(const common::HttpResponse& response) {
  return read_json_result<GetMetricDataPage>(response, "GetMetricData", [](const JsonElement& output) {
    GetMetricDataPage page;
    for (const auto& result : output.optional_array("MetricDataResults")) page.results.push_back(read_result(result));
    page.next_token = output.optional_string("NextToken");
    if (page.next_token && page.next_token->empty()) page.next_token.reset();
    page.messages = read_messages(output);
    return page;
  });
}

}  // namespace rds_exporter::aws
