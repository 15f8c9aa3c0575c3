#pragma once

#include "catalog/metric_catalog.h"
#include "common/shared_text.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::collection {

// Which series a CloudWatch value belongs to: one metric and statistic of one instance or cluster.
// Every point of a series and every snapshot holds a copy: the texts are shared (common/shared_text.h), so a
// copy allocates nothing, and a collector that makes one text per source shares it among the source's series.
struct SeriesKey {
  catalog::MetricScope scope = catalog::MetricScope::instance;
  // DBInstanceIdentifier or DBClusterIdentifier.
  common::SharedText source_identifier;
  const catalog::MetricSpec* metric = nullptr;
  common::SharedText statistic;
  // Labels of the series within its source, written after the source's own (Enhanced Monitoring's mode, device,
  // interface, mountpoint, process): empty for CloudWatch and Performance Insights.
  common::SharedLabels labels;

  friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
};

// One datapoint of a series.
struct Reading {
  SeriesKey key;
  std::chrono::system_clock::time_point timestamp;
  double value = 0;
  // When the page started showing it; set by the snapshot's merge (replay delivery spaces points by it).
  std::chrono::system_clock::time_point released{};
  // Enhanced Monitoring: the instance's MonitoringInterval, which spaces its points (0 for CloudWatch and PI).
  std::chrono::seconds interval{0};
};
// A snapshot holds one per series (a quarter of a million at 5,000 instances) and a merge several: kept at nine
// words, with the key's texts one pointer each (common/shared_text.h).
static_assert(sizeof(void*) != 8 || sizeof(Reading) <= 72, "Reading grew beyond 72 bytes");

}  // namespace rds_exporter::collection
