#pragma once

#include "sim/logs/logs_operation.h"
#include "sim/protocol/json_service.h"

#include <memory>
#include <vector>

namespace rds_exporter::sim::logs {

// Amazon CloudWatch Logs (API version 2014-03-28) as far as Enhanced Monitoring needs it: FilterLogEvents and
// DescribeLogStreams of group RDSOSMetrics, over AWS JSON 1.1 (X-Amz-Target: Logs_20140328.<Operation>, signing
// name "logs"). Streams and their documents are computed from the fleet and the data clock, never stored; the
// admin API's changes come through `context.states`. Thread-safe.
class LogsService final : public JsonService {
 public:
  explicit LogsService(const LogsContext& context);

  std::string_view signing_name() const override;
  std::string_view target_prefix() const override;
  std::string_view api_version() const override;
  const JsonOperation* find_operation(std::string_view name) const override;
  HttpReply reply(OperationOutcome outcome) const override;

 private:
  std::vector<std::unique_ptr<JsonOperation>> operations_;
};

}  // namespace rds_exporter::sim::logs
