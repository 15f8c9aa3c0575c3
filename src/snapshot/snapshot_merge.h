#pragma once

#include "collection/series_key.h"
#include "snapshot/snapshot.h"

#include <chrono>
#include <vector>

namespace rds_exporter::snapshot {

struct Freshness {
  std::chrono::system_clock::time_point now;
  // A value older than this past its CloudWatch timestamp (plus its metric's publication interval, so that
  // 5-minute metrics are not dropped between their datapoints) is stale and dropped.
  std::chrono::seconds stale_after{300};
};

// The next snapshot: for every series of `inventory`, the newer of the previous snapshot's value and this
// cycle's reading, minus stale values and series of instances or clusters no longer in `inventory`.
// `previous` may be null (the first cycle).
struct MergeResult {
  SnapshotPtr snapshot;
  // Series of watched sources dropped for staleness.
  std::size_t expired = 0;
};
MergeResult merge_snapshot(const Snapshot* previous, discovery::InventoryPtr inventory,
                           std::vector<collection::Reading> fresh, const Freshness& freshness);

}  // namespace rds_exporter::snapshot
