#pragma once

#include "catalog/metric_catalog.h"
#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <thread>

namespace rds_exporter::snapshot::testing {

using std::chrono::system_clock;

inline constexpr catalog::MetricSpec kCpu{"CPUUtilization", "Percent", catalog::MetricScope::instance, ~0u,
                                          catalog::kAlways, 60, true, "CPU utilization"};
inline constexpr catalog::MetricSpec kCredits{"CPUCreditBalance", "Count", catalog::MetricScope::instance, ~0u,
                                              catalog::kBurstableClass, 300, false, "CPU credits"};
inline constexpr catalog::MetricSpec kVolume{"VolumeBytesUsed", "Bytes", catalog::MetricScope::cluster, ~0u,
                                             catalog::kAlways, 60, true, "Cluster volume used"};

inline discovery::InventoryPtr inventory_of(std::initializer_list<std::string> instances,
                                            std::initializer_list<std::string> clusters = {}) {
  auto inventory = std::make_shared<discovery::Inventory>();
  for (const auto& id : instances) {
    discovery::WatchedInstance instance;
    instance.db.identifier = id;
    inventory->instances.push_back(instance);
  }
  for (const auto& id : clusters) {
    discovery::WatchedCluster cluster;
    cluster.db.identifier = id;
    inventory->clusters.push_back(cluster);
  }
  return inventory;
}

inline collection::Reading reading(const std::string& source, const catalog::MetricSpec& metric,
                                   system_clock::time_point timestamp, double value) {
  return {.key = {.source_identifier = source, .metric = &metric, .statistic = "Average", .scope = metric.scope},
          .timestamp = timestamp,
          .value = value};
}

// Polls `condition` for up to 10 s: long enough for a loaded CI machine, never a measurement.
template <typename Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 1000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace rds_exporter::snapshot::testing
