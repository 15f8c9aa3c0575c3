#pragma once

#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <vector>

namespace rds_exporter::snapshot {

// Where every newly collected point goes as soon as it is merged, beside the page: remote write today. Defined
// here, by the stage that calls it (RdsMetricCollector), so that snapshot never includes what implements it.
class PointSink {
 public:
  virtual ~PointSink() = default;
  // `points` are points of one scope never handed over before, each series' in timestamp order (CloudWatch's
  // timestamps, PI's for its series); `inventory` is the scope's inventory they belong to (for their labels).
  // Called from the scope's collection threads, possibly several at once; must not block on the network.
  virtual void deliver(const discovery::InventoryPtr& inventory, const std::vector<collection::Reading>& points) = 0;
};

}  // namespace rds_exporter::snapshot
