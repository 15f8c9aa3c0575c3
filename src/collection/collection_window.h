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

}  // namespace rds_exporter::collection
