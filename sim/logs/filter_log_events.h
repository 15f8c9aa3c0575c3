#pragma once

#include "sim/logs/logs_operation.h"

namespace rds_exporter::sim::logs {

// FilterLogEvents of group RDSOSMetrics: the events of the streams named (logStreamNames, all of which must exist),
// or whose names start with logStreamNamePrefix, or of every stream, in [startTime, endTime) (epoch milliseconds),
// ordered by timestamp then stream, at most `limit` (1-10000, default 10000) and 1 MB a page, with an opaque
// nextToken. A non-empty filterPattern is refused (rds_sim does not evaluate patterns); interleaved is ignored.
class FilterLogEvents final : public LogsOperation {
 public:
  explicit FilterLogEvents(LogsContext context) : context_(std::move(context)) {}

  std::string_view name() const override { return "FilterLogEvents"; }
  std::string_view iam_action() const override { return "logs:FilterLogEvents"; }
  OperationOutcome invoke(const JsonCall& call) const override;

 private:
  LogsContext context_;
};

}  // namespace rds_exporter::sim::logs
