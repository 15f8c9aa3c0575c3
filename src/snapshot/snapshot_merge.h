#pragma once

#include "collection/series_key.h"
#include "snapshot/snapshot.h"

#include <chrono>
#include <vector>

namespace rds_exporter::snapshot {

// When a value is too old to show. Its age counts from the end of the period its datapoint covers (the
// CloudWatch timestamp plus the longer of cloudwatch.period and the metric's publication interval), and it
// is dropped once that age passes stale_after. A value can never be younger than cloudwatch.delay when it
// arrives, and ages one collection interval before the next arrives, so a stale_after shorter than that would
// drop series while every cycle succeeds: the limit is then raised to delay + two spans + the interval.
struct Freshness {
  std::chrono::system_clock::time_point now;
  std::chrono::seconds stale_after{300};
  std::chrono::seconds period{60};
  std::chrono::seconds delay{60};
  std::chrono::seconds collection_interval{60};

  // How long past the end of its period a value of `metric` stays.
  std::chrono::seconds lifetime(const catalog::MetricSpec& metric) const;
  std::chrono::seconds span(const catalog::MetricSpec& metric) const;
};

// The next snapshot: for every series of `inventory`, the newer of the previous snapshot's value and this
// cycle's reading, minus stale values and series of instances or clusters no longer in `inventory`.
// `previous` may be null (the first cycle).
struct MergeResult {
  SnapshotPtr snapshot;
  // Series of watched sources dropped for staleness.
  std::size_t expired = 0;
  // When the first value kept goes stale (max() when none is kept): a merge then drops it on time, rather than
  // at the end of the next cycle.
  std::chrono::system_clock::time_point next_expiry = std::chrono::system_clock::time_point::max();
};
MergeResult merge_snapshot(const Snapshot* previous, discovery::InventoryPtr inventory,
                           std::vector<collection::Reading> fresh, const Freshness& freshness);

}  // namespace rds_exporter::snapshot
