#pragma once

#include <chrono>

namespace rds_exporter::collection {

// The time range one collection cycle asks CloudWatch for.
struct CollectionWindow {
  std::chrono::sys_seconds start;  // inclusive
  std::chrono::sys_seconds end;    // exclusive
};

// Ends `delay` before `now`, rounded down to a multiple of `period` (aligned windows are what CloudWatch
// answers fastest, and every cycle asks for whole periods), and reaches back far enough that every metric
// has a datapoint in it, the 5-minute ones (CPU credits, VolumeReadIOPs) and late publications included:
// at least 3 periods and at least 15 minutes.
CollectionWindow collection_window(std::chrono::system_clock::time_point now, std::chrono::seconds period,
                                   std::chrono::seconds delay);

// How far back a cycle reaches for a series after a gap (failed cycles, a paused process): an hour, or two
// collection intervals if longer, so that no point of a short outage is lost; but never more than 201 periods,
// so that a full call of 500 queries fits in one answer (AWS returns at most 100,800 datapoints a page, and
// bills every page's metrics again) and a long outage does not make one cycle parse days of datapoints.
std::chrono::seconds backfill_limit(std::chrono::seconds period, std::chrono::seconds collection_interval);

}  // namespace rds_exporter::collection
