#pragma once

#include "snapshot/snapshot.h"

#include <vector>

namespace rds_exporter::snapshot {

// Where the snapshots go (the seed's MetricPublisher): Prometheus today, other sinks later. Defined here, by
// the stage that calls it, so that dependencies run one way: publishing implements it and snapshot never
// includes publishing.
class MetricPublisher {
 public:
  virtual ~MetricPublisher() = default;
  // Every scope's newest snapshot, in scope order (account, then region); called from one thread at a time.
  virtual void publish(const std::vector<SnapshotPtr>& scopes) = 0;
};

}  // namespace rds_exporter::snapshot
