#pragma once

#include "collection/series_key.h"
#include "snapshot/snapshot.h"

#include <chrono>
#include <vector>

namespace rds_exporter::snapshot {

// When a value is too old to show, and (replay) when a collected point is shown. A value's age counts from the
// end of the period its datapoint covers (the CloudWatch timestamp plus the longer of cloudwatch.period and the
// metric's publication interval), and it is dropped once that age passes stale_after. A value can never be
// younger than cloudwatch.delay when it arrives, and ages one collection interval before the next arrives, so a
// stale_after shorter than that would drop series while every cycle succeeds: the limit is then raised to
// delay + two spans + the interval.
struct Freshness {
  std::chrono::system_clock::time_point now;
  std::chrono::seconds stale_after{300};
  std::chrono::seconds period{60};
  std::chrono::seconds delay{60};
  std::chrono::seconds collection_interval{60};
  // exporter.delivery: replay. Scheduled points (the main collection's) are then shown one span at a time, each
  // from its release time on (release_lag); otherwise every merge shows the newest point at once.
  bool replay = false;
  // How often the sampled sources (Enhanced Monitoring, whose readings carry their own interval) are read.
  std::chrono::seconds sampled_collection_interval{60};

  // How long past the end of its period a value of `metric` stays.
  std::chrono::seconds lifetime(const catalog::MetricSpec& metric) const;
  std::chrono::seconds span(const catalog::MetricSpec& metric) const;
  // Replay: how long after its timestamp a point of `metric` is shown. A point exists once its span has ended
  // and cloudwatch.delay has passed, and the next tick of the collection schedule fetches it, a collection
  // interval later at most; half a period more absorbs how long the cycle itself takes. Shown on time, the points
  // of a series are exactly one span apart, so a Prometheus scraping at least once per span sees every one.
  std::chrono::seconds release_lag(const catalog::MetricSpec& metric) const;

  // The same for one reading: its metric's, or for a sampled reading (Enhanced Monitoring: `interval` set, its
  // timestamp ending the interval it describes) its own. A sample exists from its timestamp on and the next read
  // fetches it, sampled_collection_interval later at most: it stays stale_after past its timestamp (at least
  // that read's interval and two of its own), and with replay is shown that read's interval plus
  // kSampledAllowance after its timestamp, its successors one interval apart.
  std::chrono::seconds span(const collection::Reading& reading) const;
  std::chrono::system_clock::time_point expiry(const collection::Reading& reading) const;
  std::chrono::system_clock::time_point release_time(const collection::Reading& reading) const;

  // What a sampled point's read may take beyond its schedule: CloudWatch Logs' ingestion and the read itself.
  static constexpr std::chrono::seconds kSampledAllowance{10};
};

// How a merge's fresh readings reach the page.
enum class Release {
  // On the page at once (the newest of each series): Performance Insights, and everything with delivery newest.
  immediate,
  // With replay, each point at its own time (Freshness::release_lag), and one span after the previous at the
  // earliest; a point whose successor is already due is skipped. With newest, as immediate.
  scheduled,
};

// The next snapshot: for every series of `inventory`, the previous snapshot's shown and pending points plus this
// cycle's new ones, minus stale values and series of instances or clusters no longer in `inventory`.
// `previous` may be null (the first cycle).
struct MergeResult {
  SnapshotPtr snapshot;
  // Series of watched sources dropped for staleness.
  std::size_t expired = 0;
  // The facts' series of the scope and of watched sources (self-metrics excluded), which the page shows besides
  // the readings.
  std::size_t fact_series = 0;
  // The fresh readings that were new: newer than every point the series had (for remote write), in snapshot
  // order, each series' oldest first.
  std::vector<collection::Reading> accepted;
  // Replay: points the page will never show, because the next point of their series was already due when they
  // could be shown (they arrived late: the first cycle's window, failed cycles, a pause).
  std::size_t skipped = 0;
  // When the first value kept goes stale (max() when none is kept): a merge then drops it on time, rather than
  // at the end of the next cycle.
  std::chrono::system_clock::time_point next_expiry = std::chrono::system_clock::time_point::max();
  // Replay: when the next pending point is due (max() when none is).
  std::chrono::system_clock::time_point next_release = std::chrono::system_clock::time_point::max();
};
// A fact source's new output, replacing its slot of the snapshot's facts.
struct FactsUpdate {
  std::size_t slot = 0;
  collection::FactsPtr facts;
};
// The previous snapshot's facts are kept, with `facts_update` applied when given. MergeResult::accepted is filled
// only with `keep_accepted` (there is a sink for it).
MergeResult merge_snapshot(const Snapshot* previous, discovery::InventoryPtr inventory,
                           std::vector<collection::Reading> fresh, const Freshness& freshness,
                           Release release = Release::immediate, const FactsUpdate* facts_update = nullptr,
                           bool keep_accepted = true);

}  // namespace rds_exporter::snapshot
