#include "aws/services/cloudwatch_client.h"

#include "aws/protocol/json_protocol.h"

#include <map>
#include <stdexcept>

namespace rds_exporter::aws {

CloudWatchClient::CloudWatchClient(ServiceClient client) : client_(std::move(client)) {}

common::Expected<MetricDataAnswer, AwsError> CloudWatchClient::get_metric_data(GetMetricDataInput input) const {
  if (input.queries.size() > kMaxQueriesPerGetMetricData) {
    throw std::invalid_argument("GetMetricData takes at most 500 queries");
  }
  MetricDataAnswer answer;
  std::map<std::string, std::size_t> position_of_id;
  GetMetricDataInput& page_input = input;
  do {
    auto page = client_.call_and_parse("GetMetricData", get_metric_data_request(page_input), decode_json_error,
                                       parse_get_metric_data);
    ++answer.calls;
    if (!page) return common::Unexpected{std::move(page).error()};
    for (auto& result : page->results) {
      const auto [it, inserted] = position_of_id.try_emplace(result.id, answer.results.size());
      if (inserted) {
        answer.results.push_back(std::move(result));
        continue;
      }
      MetricDataResult& merged = answer.results[it->second];
      merged.timestamps.insert(merged.timestamps.end(), result.timestamps.begin(), result.timestamps.end());
      merged.values.insert(merged.values.end(), result.values.begin(), result.values.end());
      merged.status_code = std::move(result.status_code);
      merged.messages.insert(merged.messages.end(), result.messages.begin(), result.messages.end());
    }
    answer.messages.insert(answer.messages.end(), page->messages.begin(), page->messages.end());
    page_input.next_token = std::move(page->next_token);
  } while (page_input.next_token);
  return answer;
}

}  // namespace rds_exporter::aws
