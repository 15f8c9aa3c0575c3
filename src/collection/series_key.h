#pragma once

#include "catalog/metric_catalog.h"
#include "common/shared_text.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::collection {

// Which series a CloudWatch value belongs to: one metric and statistic of one instance or cluster.
// Every point of a series and every snapshot holds a copy: the texts are shared (common/shared_text.h), so a
// copy allocates nothing, and a collector that makes one text per source shares it among the source's series.
struct SeriesKey {
  // DBInstanceIdentifier or DBClusterIdentifier.
  common::SharedText source_identifier;
  const catalog::MetricSpec* metric = nullptr;
  common::SharedText statistic;
  // Labels of the series within its source, written after the source's own (Enhanced Monitoring's mode, device,
  // interface, mountpoint, process): empty for CloudWatch and Performance Insights.
  common::SharedLabels labels;
  // Last, so that a Reading can keep its interval in the padding after it.
  catalog::MetricScope scope = catalog::MetricScope::instance;

  friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
};

// One datapoint of a series.
struct Reading {
  // The key's padding after its scope holds `interval` ([[no_unique_address]] lets it).
  [[no_unique_address]] SeriesKey key;
  // Enhanced Monitoring: the instance's MonitoringInterval, which spaces its points (0 for CloudWatch and PI).
  std::chrono::duration<std::int32_t> interval{0};
  std::chrono::system_clock::time_point timestamp;
  double value = 0;
  // When the page started showing it; set by the snapshot's merge (replay delivery spaces points by it).
  std::chrono::system_clock::time_point released{};
};
// A snapshot holds one per series (a quarter of a million at 5,000 instances) and a merge several: kept at eight
// words, with the key's texts one pointer each (common/shared_text.h).
static_assert(sizeof(void*) != 8 || sizeof(Reading) <= 64, "Reading grew beyond 64 bytes");

}  // namespace rds_exporter::collection
