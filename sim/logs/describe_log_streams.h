#pragma once

#include "sim/logs/logs_operation.h"

namespace rds_exporter::sim::logs {

// DescribeLogStreams of group RDSOSMetrics: its streams (deleted ones left out), those whose names start with
// logStreamNamePrefix, ordered by orderBy (LogStreamName, the default, or LastEventTime, which takes no prefix),
// `descending` or not, at most `limit` (1-50, default 50) a page with an opaque nextToken.
class DescribeLogStreams final : public LogsOperation {
 public:
  explicit DescribeLogStreams(LogsContext context) : context_(std::move(context)) {}

  std::string_view name() const override { return "DescribeLogStreams"; }
  std::string_view iam_action() const override { return "logs:DescribeLogStreams"; }
  OperationOutcome invoke(const JsonCall& call) const override;

 private:
  LogsContext context_;
};

}  // namespace rds_exporter::sim::logs
