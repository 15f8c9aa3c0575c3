#pragma once

#include "sim/logs/logs_operation.h"
#include "sim/protocol/listed_json_service.h"

namespace rds_exporter::sim::logs {

// Amazon CloudWatch Logs (API version 2014-03-28) as far as Enhanced Monitoring needs it: FilterLogEvents and
// DescribeLogStreams of group RDSOSMetrics, over AWS JSON 1.1 (X-Amz-Target: Logs_20140328.<Operation>, signing
// name "logs"). Streams and their documents are computed from the fleet and the data clock, never stored; the
// admin API's changes come through `context.states`. Thread-safe.
class LogsService final : public ListedJsonService {
 public:
  explicit LogsService(const LogsContext& context);
};

}  // namespace rds_exporter::sim::logs
