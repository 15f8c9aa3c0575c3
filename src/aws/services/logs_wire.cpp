#include "aws/services/logs_wire.h"

#include "aws/protocol/json_protocol.h"
#include "common/arn.h"
#include "common/text.h"

namespace rds_exporter::aws {
namespace {

JsonProtocol logs_protocol() { return {.json_version = "1.1", .target_prefix = "Logs_20140328"}; }

// The log group Enhanced Monitoring writes to in every region.
constexpr std::string_view kEnhancedMonitoringLogGroup = "RDSOSMetrics";

}  // namespace

std::optional<LogStreamLocation> parse_log_stream_arn(std::string_view arn) {
  // arn:<partition>:logs:<region>:<account>:log-group:<group>:log-stream:<stream>
  const auto parsed = common::parse_arn(arn);
  if (!parsed || parsed->service != "logs" || parsed->region.empty()) return std::nullopt;
  const std::vector<std::string_view> fields = common::split(parsed->resource, ':');
  if (fields.size() != 4 || fields[0] != "log-group" || fields[1].empty() || fields[2] != "log-stream" ||
      fields[3].empty()) {
    return std::nullopt;
  }
  return LogStreamLocation{std::string(fields[1]), std::string(fields[3])};
}

std::optional<LogStreamLocation> enhanced_monitoring_stream(const DbInstance& instance) {
  if (instance.monitoring_interval <= 0) return std::nullopt;
  if (instance.enhanced_monitoring_resource_arn) {
    if (auto location = parse_log_stream_arn(*instance.enhanced_monitoring_resource_arn)) return location;
  }
  if (instance.resource_id.empty()) return std::nullopt;
  return LogStreamLocation{std::string(kEnhancedMonitoringLogGroup), instance.resource_id};
}

common::HttpRequest filter_log_events_request(const FilterLogEventsInput& input) {
  nlohmann::json body = {{"logGroupName", input.log_group_name}, {"logStreamNames", input.log_stream_names}};
  if (input.start_time_ms) body["startTime"] = *input.start_time_ms;
  if (input.end_time_ms) body["endTime"] = *input.end_time_ms;
  if (input.limit) body["limit"] = *input.limit;
  if (input.next_token) body["nextToken"] = *input.next_token;
  return make_json_request(logs_protocol(), "FilterLogEvents", body);
}

common::Expected<FilterLogEventsOutput, AwsError> parse_filter_log_events(const common::HttpResponse& response) {
  return read_json_result<FilterLogEventsOutput>(response, "FilterLogEvents", [](const JsonElement& output) {
    FilterLogEventsOutput result;
    for (const auto& event : output.optional_array("events")) {
      result.events.push_back(
          FilteredLogEvent{.log_stream_name = event.optional_string("logStreamName").value_or(""),
                           .timestamp_ms = event.required_member("timestamp").to_int64(),
                           .message = event.optional_string("message").value_or(""),
                           .ingestion_time_ms = event.optional_int64("ingestionTime").value_or(0),
                           .event_id = event.optional_string("eventId").value_or("")});
    }
    result.next_token = next_token_of(output, "nextToken");
    return result;
  });
}

}  // namespace rds_exporter::aws
