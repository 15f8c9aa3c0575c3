#pragma once

#include "collection/cloudwatch_collector.h"
#include "collection/pi_collector.h"
#include "discovery/inventory.h"
#include "exposition/metric_family.h"
#include "telemetry/metric_families.h"

#include <chrono>
#include <vector>

namespace rds_exporter::snapshot {

// The exporter's account of its own work: how long discovery and collection take, when they last worked,
// what they found, and what collection costs in CloudWatch calls and billed metrics.
class CollectorMetrics {
 public:
  CollectorMetrics();

  void record_discovery(const discovery::Inventory& inventory, double seconds);
  void record_discovery_failure(double seconds);
  void record_collection(const collection::CollectionResult& result, double seconds);
  void record_performance_insights(const collection::PiCollectionResult& result);
  void record_series(std::size_t series, std::size_t expired);

  std::vector<exposition::MetricFamily> collect() const;

  const telemetry::CounterFamily& metrics_requested() const { return metrics_requested_; }

 private:
  telemetry::GaugeFamily discovery_duration_;
  telemetry::GaugeFamily last_discovery_success_;
  telemetry::CounterFamily discoveries_;
  telemetry::GaugeFamily instances_discovered_;
  telemetry::GaugeFamily clusters_discovered_;
  telemetry::GaugeFamily instances_skipped_;
  telemetry::GaugeFamily collection_duration_;
  telemetry::GaugeFamily last_collection_success_;
  telemetry::CounterFamily collections_;
  telemetry::GaugeFamily queries_;
  telemetry::GaugeFamily get_metric_data_calls_;
  telemetry::CounterFamily get_metric_data_calls_total_;
  telemetry::CounterFamily metrics_requested_;
  telemetry::GaugeFamily failed_series_;
  telemetry::GaugeFamily pi_calls_;
  telemetry::CounterFamily pi_calls_total_;
  telemetry::CounterFamily pi_errors_;
  telemetry::GaugeFamily pi_instances_off_;
  telemetry::GaugeFamily series_;
  telemetry::CounterFamily series_expired_;
};

}  // namespace rds_exporter::snapshot
