#pragma once

#include "sim/cloudwatch/cloudwatch_operations.h"
#include "sim/cloudwatch/cloudwatch_usage.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/query_service.h"

#include <memory>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

// Amazon CloudWatch, API version 2010-08-01, for the metrics of the simulated fleet: GetMetricData,
// GetMetricStatistics and ListMetrics, over the Query protocol (Action=..., XML answers; registered like any
// QueryService under the signing name "monitoring") and over AWS JSON 1.0 (X-Amz-Target:
// GraniteServiceVersion20100801.<Operation>, JSON answers), which current SDKs send. `clock` is the time the
// datapoints are computed at; `usage` counts what CloudWatch bills. Thread-safe.
class CloudWatchService final : public QueryService {
 public:
  CloudWatchService(Clock clock, CloudWatchUsage& usage);

  std::string_view signing_name() const override;
  std::string_view api_version() const override;
  std::string_view xml_namespace() const override;
  const QueryOperation* find_operation(std::string_view action) const override;

  // The operation an X-Amz-Target names ("GraniteServiceVersion20100801.GetMetricData"); nullptr for any other
  // target, which AWS answers with UnknownOperationException (json_reply.h: the Query code InvalidAction).
  const CloudWatchOperation* find_json_operation(std::string_view target) const;

  // Runs `operation` (from find_json_operation, after authentication and authorisation) on an AWS JSON 1.0 body:
  // the JSON document, or the error for json_reply() to write.
  OperationOutcome invoke_json(const CloudWatchOperation& operation, std::string_view body, const Fleet& fleet,
                               std::string_view request_id) const;

 private:
  const CloudWatchOperation* find(std::string_view name) const;

  std::vector<std::unique_ptr<CloudWatchOperation>> operations_;
};

}  // namespace rds_exporter::sim::cloudwatch
