#include "aws/services/cloudwatch_client.h"

#include "aws/protocol/json_protocol.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

CloudWatchClient::CloudWatchClient(ServiceClient client) : client_(std::move(client)) {}

namespace {

// Whether two results of a page share an id: CloudWatch never sends that, but a result per id is what callers get.
bool ids_repeat(const std::vector<MetricDataResult>& results) {
  std::vector<std::string_view> ids;
  ids.reserve(results.size());
  for (const MetricDataResult& result : results) ids.push_back(result.id);
  std::sort(ids.begin(), ids.end());
  return std::adjacent_find(ids.begin(), ids.end()) != ids.end();
}

}  // namespace

common::Expected<MetricDataAnswer, AwsError> CloudWatchClient::get_metric_data(GetMetricDataInput input) const {
  if (input.queries.size() > kMaxQueriesPerGetMetricData) {
    throw std::invalid_argument("GetMetricData takes at most 500 queries");
  }
  MetricDataAnswer answer;
  // Where each id's result is, built only once a second page comes: most calls have one page, and at 500 queries
  // the index was 40 kB of each call in flight.
  std::map<std::string, std::size_t> position_of_id;
  GetMetricDataInput& page_input = input;
  do {
    auto page = client_.call_and_parse("GetMetricData", get_metric_data_request(page_input), decode_json_error,
                                       parse_get_metric_data);
    ++answer.calls;
    if (!page) return common::Unexpected{std::move(page).error()};
    if (answer.calls == 1 && !ids_repeat(page->results)) {
      answer.results = std::move(page->results);
      page->results.clear();
    } else if (position_of_id.empty()) {
      for (std::size_t i = 0; i < answer.results.size(); ++i) position_of_id.try_emplace(answer.results[i].id, i);
    }
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
