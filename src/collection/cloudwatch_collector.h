#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/services/cloudwatch_client.h"
#include "catalog/metric_selection.h"
#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <span>
#include <vector>

namespace rds_exporter::collection {

struct CollectorOptions {
  std::chrono::seconds period{60};
  std::chrono::seconds delay{60};
  // GetMetricData calls in flight at once.
  int max_concurrent_calls = 4;
  // exporter.collection_interval: how far back a cycle may reach after a gap (see backfill_limit).
  std::chrono::seconds collection_interval{60};
  // Whether a cycle delivers every new point of a series (exporter.delivery: replay, remote write) or only its
  // newest (the page alone shows nothing else): a first cycle's window holds up to 15 points per series.
  bool every_point = true;
};

// What one cycle fetched, and what it cost.
struct CollectionResult {
  // Every point newer than the newest one an earlier cycle delivered for its series (all of the first window's
  // for a series without one), in plan order, each series' oldest first; without CollectorOptions::every_point,
  // only the newest of them.
  std::vector<Reading> readings;
  // New points the answers held, also those `readings` leaves out without every_point (plus the seed readings
  // derived from them, which the pipeline adds): rds_exporter_cloudwatch_points_total.
  std::size_t points = 0;
  // Queries sent this cycle.
  std::size_t queries = 0;
  // Planned series not asked this cycle because no new point of theirs can exist yet (a 5-minute metric between
  // its publications).
  std::size_t skipped_queries = 0;
  // GetMetricData requests the cycle's queries were packed into.
  std::size_t batches = 0;
  // GetMetricData requests answered, NextToken pages included (retries of one request are not new calls). A
  // failed batch adds nothing: the client does not report the attempts or pages it made before failing.
  int get_metric_data_calls = 0;
  // What CloudWatch bills, over every answered call and page: per metric (namespace, name, dimensions) in the
  // request, one for every five statistics asked (billed_metrics in query_plan.h).
  std::size_t metrics_requested = 0;
  // Batches that failed after retries; their series keep their previous values in the snapshot, and are asked
  // again from the same point next cycle.
  int failed_batches = 0;
  // Series whose result said Forbidden or InternalError.
  int failed_series = 0;
  std::vector<aws::AwsError> errors;

  bool complete() const { return failed_batches == 0 && failed_series == 0; }
};

// CloudWatchCollector: one cycle = one query plan over aligned windows, packed into the fewest GetMetricData
// calls (⌈Q/500⌉ for Q queries), sent with bounded concurrency. It remembers the newest point it delivered of
// every series, asks each series only for the periods after it (CloudWatch bills per metric requested, not per
// datapoint, so five 1-minute points cost what one does) and skips a series whose next point cannot exist yet.
class CloudWatchCollector {
 public:
  CloudWatchCollector(const aws::CloudWatchClient& cloudwatch, CollectorOptions options);

  // Thread-safe; cycles run one at a time.
  CollectionResult collect(const discovery::Inventory& inventory, const catalog::MetricSelection& selection,
                           std::chrono::system_clock::time_point now);

 private:
  const aws::CloudWatchClient& cloudwatch_;
  CollectorOptions options_;
  std::mutex mutex_;
  struct Newest {
    SeriesKey key;
    std::chrono::sys_seconds timestamp;
  };
  // The newest timestamp delivered per series, sorted by key: one block rather than a node per series (a hash
  // map's nodes were 1.2 MB at 1,000 instances, spread among the cycle's short-lived allocations). Entries older
  // than twice the backfill limit are forgotten, which drops the series of departed instances.
  std::vector<Newest> newest_;

  std::chrono::sys_seconds* newest_of(const SeriesKey& key);
  void remember(std::span<const Reading> readings);
};

}  // namespace rds_exporter::collection
