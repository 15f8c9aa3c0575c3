#pragma once

#include "sim/common/clock.h"
#include "sim/logs/log_streams.h"
#include "sim/logs/stream_states.h"
#include "sim/protocol/json_service.h"

#include <chrono>
#include <optional>
#include <string_view>

namespace rds_exporter::sim::logs {

// What every CloudWatch Logs operation reads besides its request: the data clock (`now`, and `origin`, data time
// when rds_sim started) and what the admin API did to the streams.
struct LogsContext {
  Clock now;
  std::chrono::system_clock::time_point origin;
  const StreamStates& states;

  StreamClock stream_clock() const;
};

// A CloudWatch Logs operation, authorised as IAM authorises them: iam_action() on the log group
// (arn:aws:logs:<region>:<account>:log-group:RDSOSMetrics:*). A caller without it gets AccessDeniedException.
class LogsOperation : public JsonOperation {
 public:
  // "logs:FilterLogEvents"
  virtual std::string_view iam_action() const = 0;

  std::optional<ApiError> deny(const JsonCall& call) const final;
};

}  // namespace rds_exporter::sim::logs
