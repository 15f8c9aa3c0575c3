#include "aws/services/pi_client.h"

#include "aws/protocol/json_protocol.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace rds_exporter::aws {

PiClient::PiClient(ServiceClient client) : client_(std::move(client)) {}

common::Expected<GetResourceMetricsOutput, AwsError> PiClient::get_resource_metrics(
    const GetResourceMetricsInput& input) const {
  if (input.metrics.empty() || input.metrics.size() > kMaxPiMetricQueries) {
    return common::Unexpected{refused_before_sending(
        fmt::format("GetResourceMetrics for {} takes 1 to {} metrics per call, got {}; split the metrics into calls",
                    input.identifier, kMaxPiMetricQueries, input.metrics.size()))};
  }
  return client_.call_and_parse("GetResourceMetrics", get_resource_metrics_request(input), decode_json_error,
                                parse_get_resource_metrics);
}

common::Expected<std::vector<PiAvailableMetric>, AwsError> PiClient::list_available_resource_metrics(
    const std::string& identifier) const {
  return all_pages(
      "ListAvailableResourceMetrics",
      [&](const std::optional<std::string>& next_token) {
        return client_.call_and_parse("ListAvailableResourceMetrics",
                                      list_available_resource_metrics_request(identifier, {"db"}, next_token),
                                      decode_json_error, parse_list_available_resource_metrics);
      },
      [](PiAvailableMetricsPage& page) -> std::vector<PiAvailableMetric>& { return page.metrics; });
}

}  // namespace rds_exporter::aws
