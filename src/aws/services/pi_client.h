#pragma once

#include "aws/client/service_client.h"
#include "aws/services/pi_wire.h"

#include <string>
#include <vector>

namespace rds_exporter::aws {

// The Performance Insights calls the exporter makes for engine counters (Threads_running, blks_hit, ...),
// which exist in no CloudWatch namespace. A request PI would refuse (no metric, more than 15) is refused
// here without a call: an AwsError with code "ParamValidation", HTTP status 0 and no attempt, never retried.
class PiClient {
 public:
  explicit PiClient(ServiceClient client);

  // One GetResourceMetrics (ServiceType RDS, PeriodAlignment END_TIME); input.metrics must hold 1..15 names.
  common::Expected<GetResourceMetricsOutput, AwsError> get_resource_metrics(const GetResourceMetricsInput& input) const;

  // ListAvailableResourceMetrics with MetricTypes ["db"], every page (MaxResults 25).
  common::Expected<std::vector<PiAvailableMetric>, AwsError> list_available_resource_metrics(
      const std::string& identifier) const;

  const ServiceClient& service_client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace rds_exporter::aws
