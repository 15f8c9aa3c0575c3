// CloudWatch Logs (Enhanced Monitoring): FilterLogEvents answers, JSON 1.1, and the
// EnhancedMonitoringResourceArn an RDS answer carries. The same bytes go to each. The exporter reads the answer as
// it is parsed, without a document tree; this target also reads it the way every other JSON answer is read (the
// tree and JsonElement) and stops on the first input where the two disagree, so the streaming reader accepts and
// refuses exactly what the tree reader does, with the same messages.
#include "aws/protocol/json_protocol.h"
#include "aws/services/logs_wire.h"
#include "fuzz_input.h"

#include <cstdio>
#include <cstdlib>

namespace {

using namespace rds_exporter::aws;

rds_exporter::common::Expected<FilterLogEventsOutput, AwsError> tree_read(
    const rds_exporter::common::HttpResponse& response) {
  return read_json_result<FilterLogEventsOutput>(response, "FilterLogEvents", [](const JsonElement& output) {
    FilterLogEventsOutput result;
    for (const auto& event : output.optional_array("events")) {
      result.events.push_back(FilteredLogEvent{.log_stream_name = event.optional_string("logStreamName").value_or(""),
                                               .timestamp_ms = event.required_member("timestamp").to_int64(),
                                               .message = event.optional_string("message").value_or(""),
                                               .ingestion_time_ms = event.optional_int64("ingestionTime").value_or(0),
                                               .event_id = event.optional_string("eventId").value_or("")});
    }
    result.next_token = next_token_of(output, "nextToken");
    return result;
  });
}

bool same(const rds_exporter::common::Expected<FilterLogEventsOutput, AwsError>& a,
          const rds_exporter::common::Expected<FilterLogEventsOutput, AwsError>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return a.error().message == b.error().message && a.error().kind == b.error().kind;
  if (a->next_token != b->next_token || a->events.size() != b->events.size()) return false;
  for (std::size_t i = 0; i < a->events.size(); ++i) {
    const auto& x = a->events[i];
    const auto& y = b->events[i];
    if (x.log_stream_name != y.log_stream_name || x.timestamp_ms != y.timestamp_ms || x.message != y.message ||
        x.ingestion_time_ms != y.ingestion_time_ms || x.event_id != y.event_id) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fuzz = rds_exporter::fuzz;
  const std::string_view text = fuzz::text_of(data, size);
  const auto response = fuzz::answer(200, text);
  const auto streamed = parse_filter_log_events(response);
  const auto tree = tree_read(response);
  if (!same(streamed, tree)) {
    std::fprintf(stderr, "streaming reader: %s\ntree reader: %s\n",
                 streamed ? "a page" : streamed.error().message.c_str(),
                 tree ? "a page" : tree.error().message.c_str());
    std::abort();
  }
  if (const auto location = parse_log_stream_arn(text)) {
    // Both names are non-empty pieces of the ARN, without a ':'.
    if (location->log_group_name.empty() || location->log_stream_name.empty() ||
        location->log_group_name.find(':') != std::string::npos ||
        location->log_stream_name.find(':') != std::string::npos) {
      __builtin_trap();
    }
  }
  return 0;
}
