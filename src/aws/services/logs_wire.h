#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/services/rds_wire.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// CloudWatch Logs (service "logs", model cloudwatch-logs-2014-03-28) over AWS JSON 1.1: pure functions, no I/O.
// The exporter reads Enhanced Monitoring's OS metrics from it: one JSON document per instance and interval, in
// the log group RDSOSMetrics, one stream per instance named after its DbiResourceId.

// FilterLogEvents takes 1 to this many logStreamNames.
inline constexpr std::size_t kMaxFilterLogStreamNames = 100;
// FilterLogEvents' limit: 1 to this many events per page.
inline constexpr int kMaxFilterLogEventsLimit = 10000;

struct FilterLogEventsInput {
  std::string log_group_name;
  // 1..100 names; every one must exist, or the whole call fails with ResourceNotFoundException.
  std::vector<std::string> log_stream_names;
  // Epoch milliseconds; startTime inclusive, endTime exclusive.
  std::optional<std::int64_t> start_time_ms;
  std::optional<std::int64_t> end_time_ms;
  std::optional<std::string> next_token;
  // 1..10000 events per page; unset: AWS's default (as many as fit in 1 MB).
  std::optional<int> limit;
};

struct FilteredLogEvent {
  std::string log_stream_name;
  // When the event happened, epoch milliseconds.
  std::int64_t timestamp_ms = 0;
  // For Enhanced Monitoring, one JSON document of OS metrics.
  std::string message;
  // When CloudWatch Logs received it, epoch milliseconds; 0 when the answer leaves it out.
  std::int64_t ingestion_time_ms = 0;
  std::string event_id;
};

struct FilterLogEventsOutput {
  std::vector<FilteredLogEvent> events;
  // Set while more pages follow; a page may be partial, or even empty, with a token.
  std::optional<std::string> next_token;
};

// The log group and stream an EnhancedMonitoringResourceArn names; nullopt for anything else.
struct LogStreamLocation {
  std::string log_group_name;
  std::string log_stream_name;
};

// "arn:<partition>:logs:<region>:<account>:log-group:<group>:log-stream:<stream>" → {group, stream}; nullopt
// for any other text, a log group's own ARN ("...:log-group:<group>:*") included. Neither name may hold a ':'.
std::optional<LogStreamLocation> parse_log_stream_arn(std::string_view arn);

// Where Enhanced Monitoring writes an instance's OS metrics: the stream its EnhancedMonitoringResourceArn names,
// else RDSOSMetrics/<DbiResourceId>; nullopt when Enhanced Monitoring is off (MonitoringInterval 0) or neither
// is known.
std::optional<LogStreamLocation> enhanced_monitoring_stream(const DbInstance& instance);

// logGroupName, logStreamNames, startTime, endTime, limit and nextToken, each only when set, as compact JSON
// with its members in name order. The caller checks the input against AWS's limits (LogsClient does).
common::HttpRequest filter_log_events_request(const FilterLogEventsInput& input);

// Unknown members (searchedLogStreams, deprecated) are ignored. An event without a timestamp, or a member of the
// wrong type, gives a malformed_response error; a non-2xx answer, the JSON error it carries (its code without
// a namespace: "ResourceNotFoundException").
common::Expected<FilterLogEventsOutput, AwsError> parse_filter_log_events(const common::HttpResponse& response);

}  // namespace rds_exporter::aws
