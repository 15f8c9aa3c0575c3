#pragma once

#include "sim/common/clock.h"
#include "sim/protocol/json_service.h"

#include <memory>
#include <vector>

namespace rds_exporter::sim::pi {

// Amazon RDS Performance Insights (API version 2018-02-27) for the fleet's instances: GetResourceMetrics and
// ListAvailableResourceMetrics of counter metrics, over AWS JSON 1.1 (X-Amz-Target:
// PerformanceInsightsv20180227.<Operation>, signing name "pi"). `clock` is the time values are computed at.
// Thread-safe.
class PiService final : public JsonService {
 public:
  explicit PiService(Clock clock);

  std::string_view signing_name() const override;
  std::string_view target_prefix() const override;
  std::string_view api_version() const override;
  const JsonOperation* find_operation(std::string_view name) const override;
  HttpReply reply(OperationOutcome outcome) const override;

 private:
  std::vector<std::unique_ptr<JsonOperation>> operations_;
};

}  // namespace rds_exporter::sim::pi
