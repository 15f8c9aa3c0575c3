#pragma once

#include "snapshot/snapshot.h"

namespace rds_exporter::publishing {

// Where each new snapshot goes (the seed's MetricPublisher): Prometheus today, other sinks later.
class MetricPublisher {
 public:
  virtual ~MetricPublisher() = default;
  virtual void publish(const snapshot::SnapshotPtr& snapshot) = 0;
};

}  // namespace rds_exporter::publishing
