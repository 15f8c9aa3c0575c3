#pragma once

#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <chrono>
#include <memory>
#include <vector>

namespace rds_exporter::snapshot {

// Everything /metrics shows about the fleet at one moment: the inventory it was built from and the newest
// value of every series that is not stale. Immutable once built and shared, so a scrape never waits for AWS.
struct Snapshot {
  discovery::InventoryPtr inventory;
  // Sorted by (scope, source identifier, metric name, statistic), for stable output.
  std::vector<collection::Reading> readings;
  std::chrono::system_clock::time_point built_at;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace rds_exporter::snapshot
