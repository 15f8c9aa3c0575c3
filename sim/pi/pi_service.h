#pragma once

#include "sim/common/clock.h"
#include "sim/protocol/listed_json_service.h"

namespace rds_exporter::sim::pi {

// Amazon RDS Performance Insights (API version 2018-02-27) for the fleet's instances: GetResourceMetrics and
// ListAvailableResourceMetrics of counter metrics, over AWS JSON 1.1 (X-Amz-Target:
// PerformanceInsightsv20180227.<Operation>, signing name "pi"). `clock` is the time values are computed at.
// Thread-safe.
class PiService final : public ListedJsonService {
 public:
  explicit PiService(Clock clock);
};

}  // namespace rds_exporter::sim::pi
