#pragma once

#include "catalog/metric_catalog.h"

#include <chrono>
#include <string>

namespace rds_exporter::collection {

// Which series a CloudWatch value belongs to: one metric and statistic of one instance or cluster.
struct SeriesKey {
  catalog::MetricScope scope = catalog::MetricScope::instance;
  // DBInstanceIdentifier or DBClusterIdentifier.
  std::string source_identifier;
  const catalog::MetricSpec* metric = nullptr;
  std::string statistic;

  friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
};

// One datapoint of a series.
struct Reading {
  SeriesKey key;
  std::chrono::system_clock::time_point timestamp;
  double value = 0;
  // When the page started showing it; set by the snapshot's merge (replay delivery spaces points by it).
  std::chrono::system_clock::time_point released{};
};

}  // namespace rds_exporter::collection
