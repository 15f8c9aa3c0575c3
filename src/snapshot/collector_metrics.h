#pragma once

#include "aws/client/aws_client_metrics.h"
#include "collection/cloudwatch_collector.h"
#include "collection/enhanced_monitoring_collector.h"
#include "collection/pi_collector.h"
#include "discovery/inventory.h"
#include "exposition/metric_family.h"
#include "telemetry/metric_families.h"

#include <chrono>
#include <string_view>
#include <vector>

namespace rds_exporter::snapshot {

// The exporter's account of its own work: how long discovery and collection take, when they last worked,
// what they found, and what collection costs in CloudWatch calls and billed metrics.
class CollectorMetrics {
 public:
  CollectorMetrics();

  // Creates a scope's counters at 0 (and its rds_exporter_scope_up at 0 until its first cycles succeed).
  void add_scope(const aws::ScopeLabels& scope);
  void record_discovery(const aws::ScopeLabels& scope, const discovery::Inventory& inventory, double seconds);
  void record_discovery_failure(const aws::ScopeLabels& scope, double seconds);
  void record_collection(const aws::ScopeLabels& scope, const collection::CollectionResult& result, double seconds);
  void record_performance_insights(const aws::ScopeLabels& scope, const collection::PiCollectionResult& result);
  void record_enhanced_monitoring(const aws::ScopeLabels& scope, const collection::EnhancedMonitoringResult& result);
  void record_series(const aws::ScopeLabels& scope, std::size_t series, std::size_t expired);
  // Replay: points the page will never show (Freshness, MergeResult::skipped).
  void record_replay_skipped(const aws::ScopeLabels& scope, std::size_t points);
  void record_scope_up(const aws::ScopeLabels& scope, bool up);
  // A scope this replica no longer runs because another replica holds it: its gauges go (the holder serves them);
  // its counters stay, as counters must not go back.
  void forget_scope(const aws::ScopeLabels& scope);
  void record_scopes(std::size_t count);
  // An exception caught where a worker loop runs: `component` is discovery, cloudwatch, performance_insights,
  // scopes or render.
  void record_internal_error(std::string_view component);

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
  telemetry::CounterFamily points_;
  telemetry::CounterFamily replay_skipped_;
  telemetry::GaugeFamily get_metric_data_calls_;
  telemetry::CounterFamily get_metric_data_calls_total_;
  telemetry::CounterFamily metrics_requested_;
  telemetry::GaugeFamily failed_series_;
  telemetry::GaugeFamily pi_calls_;
  telemetry::CounterFamily pi_calls_total_;
  telemetry::CounterFamily pi_errors_;
  telemetry::GaugeFamily pi_instances_off_;
  telemetry::GaugeFamily em_calls_;
  telemetry::CounterFamily em_calls_total_;
  telemetry::CounterFamily em_errors_;
  telemetry::CounterFamily em_missing_;
  telemetry::GaugeFamily em_streams_;
  telemetry::CounterFamily em_documents_;
  telemetry::GaugeFamily series_;
  telemetry::CounterFamily series_expired_;
  telemetry::GaugeFamily scope_up_;
  telemetry::GaugeFamily scopes_;
  telemetry::CounterFamily internal_errors_;
};

}  // namespace rds_exporter::snapshot
