#pragma once

#include "collection/facts.h"
#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <chrono>
#include <memory>
#include <vector>

namespace rds_exporter::snapshot {

// A collected point waiting for its turn on the page (exporter.delivery: replay).
struct PendingReading {
  collection::Reading reading;
  std::chrono::system_clock::time_point release;
};

// Everything /metrics shows about the fleet at one moment: the inventory it was built from and one value of
// every series that is not stale: the newest collected (delivery newest) or the newest released (replay).
// Immutable once built and shared, so a scrape never waits for AWS.
struct Snapshot {
  discovery::InventoryPtr inventory;
  // Sorted by (scope, source identifier, metric name, statistic), for stable output; one per series.
  std::vector<collection::Reading> readings;
  // Replay: the points still to be shown, in the same order, each series' oldest first.
  std::vector<PendingReading> pending;
  // What each fact source (the RDS API inventory) said last, by the source's index; null before its first run.
  // Series of instances or clusters the inventory lacks are left out where the page is written.
  std::vector<collection::FactsPtr> facts;
  std::chrono::system_clock::time_point built_at;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace rds_exporter::snapshot
