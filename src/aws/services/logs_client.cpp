#include "aws/services/logs_client.h"

#include "aws/protocol/json_protocol.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <string>

namespace rds_exporter::aws {
namespace {

// Why AWS would refuse the input, or nullopt when it would take it.
std::optional<std::string> filter_log_events_problem(const FilterLogEventsInput& input) {
  if (input.log_group_name.empty()) return "FilterLogEvents needs a log group name";
  if (input.log_stream_names.empty() || input.log_stream_names.size() > kMaxFilterLogStreamNames) {
    return fmt::format("FilterLogEvents on {} takes 1 to {} log stream names per call, got {}; split the streams into calls",
                       input.log_group_name, kMaxFilterLogStreamNames, input.log_stream_names.size());
  }
  if (input.limit && (*input.limit < 1 || *input.limit > kMaxFilterLogEventsLimit)) {
    return fmt::format("FilterLogEvents takes a limit of 1 to {} events, got {}", kMaxFilterLogEventsLimit,
                       *input.limit);
  }
  return std::nullopt;
}

}  // namespace

LogsClient::LogsClient(ServiceClient client) : client_(std::move(client)) {}

common::Expected<FilterLogEventsOutput, AwsError> LogsClient::filter_log_events_page(
    const FilterLogEventsInput& input) const {
  if (auto problem = filter_log_events_problem(input)) {
    return common::Unexpected{refused_before_sending(std::move(*problem))};
  }
  return client_.call_and_parse("FilterLogEvents", filter_log_events_request(input), decode_json_error,
                                parse_filter_log_events);
}

common::Expected<int, AwsError> LogsClient::filter_log_events(
    FilterLogEventsInput input, const std::function<void(FilterLogEventsOutput&)>& on_page) const {
  // Every token sent so far: one handed back again would walk the same pages forever, each call billed.
  std::set<std::string> sent;
  if (input.next_token) sent.insert(*input.next_token);
  for (int pages = 1;; ++pages) {
    auto page = filter_log_events_page(input);
    if (!page) return common::Unexpected{std::move(page).error()};
    std::optional<std::string> next_token = page->next_token;
    if (on_page) on_page(*page);
    if (!next_token) return pages;
    if (!sent.insert(*next_token).second) {
      return common::Unexpected{endless_paging(
          fmt::format("FilterLogEvents on {} answered page {} with a nextToken it had already sent",
                      input.log_group_name, pages))};
    }
    if (pages >= kMaxFilterLogEventsPages) {
      return common::Unexpected{endless_paging(
          fmt::format("FilterLogEvents on {} still had more after {} pages; ask for a shorter time range",
                      input.log_group_name, kMaxFilterLogEventsPages))};
    }
    input.next_token = std::move(next_token);
  }
}

}  // namespace rds_exporter::aws
