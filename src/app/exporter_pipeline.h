#pragma once

#include "aws/session/aws_session.h"
#include "catalog/metric_selection.h"
#include "collection/cloudwatch_collector.h"
#include "collection/enhanced_monitoring_collector.h"
#include "collection/pi_collector.h"
#include "config/settings.h"
#include "discovery/rds_instance_manager.h"
#include "discovery/scope_source.h"
#include "exposition/metric_family.h"
#include "http/providers.h"
#include "inventory/inventory_collector.h"
#include "publishing/prometheus_publisher.h"
#include "remote_write/remote_writer.h"
#include "snapshot/collector_metrics.h"
#include "snapshot/rds_metric_collector.h"
#include "snapshot/snapshot_store.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::app {

// The tag filter the target section describes: target.tag_key=target.tag_value (unless tag_key is empty) and
// every target.tags condition.
discovery::TagFilter tag_filter_from(const config::Settings::Target& target);

catalog::SelectionRules selection_rules_from(const config::Settings::CloudWatch& cloudwatch);

// What ScopeSource asks AWS, through the session's base credentials: STS GetCallerIdentity, Organizations.
discovery::ScopeSourcePorts scope_source_ports(aws::AwsSession& session);

// One scope's stages: its AWS clients → RdsInstanceManager → CloudWatchCollector and PiCollector →
// RdsMetricCollector, which hands its snapshots to the shared store.
class ScopePipeline {
 public:
  // `clock` is the collector's time (real time, or --testing.time-scale's); `phase` and `phase_origin`, where in
  // each interval its cycles fall (snapshot::CollectorSchedule::phase).
  ScopePipeline(const config::Settings& settings, std::unique_ptr<aws::ScopeClients> clients,
                const catalog::MetricSelection& selection, snapshot::SnapshotStore& store,
                snapshot::CollectorMetrics& metrics, const std::vector<snapshot::PointSink*>& sinks = {},
                snapshot::EngineClock& clock = snapshot::system_engine_clock(), double phase = 0,
                snapshot::EngineClock::SteadyTime phase_origin = {});

  void start() { collector_.start(); }
  void request_stop() { collector_.request_stop(); }
  void stop() { collector_.stop(); }
  const aws::ScopeSpec& spec() const { return clients_->spec(); }
  const snapshot::RdsMetricCollector& collector() const { return collector_; }
  double phase() const { return phase_; }

 private:
  collection::CollectionResult collect_cloudwatch(const discovery::Inventory& inventory,
                                                  std::chrono::system_clock::time_point now);
  collection::CollectionResult collect_performance_insights(const discovery::Inventory& inventory,
                                                            std::chrono::system_clock::time_point now);
  collection::CollectionResult collect_enhanced_monitoring(const discovery::Inventory& inventory,
                                                           std::chrono::system_clock::time_point now);
  std::vector<snapshot::SideCollection> side_collections(const config::Settings& settings);
  static snapshot::CollectorSchedule collector_schedule(const config::Settings& settings, double phase,
                                                        snapshot::EngineClock::SteadyTime phase_origin);
  // enhanced_monitoring.collection_interval, or exporter.collection_interval when 0.
  static std::chrono::seconds enhanced_monitoring_interval(const config::Settings& settings);
  // `sinks`: a sink (remote write) takes every new point.
  static collection::EnhancedMonitoringOptions enhanced_monitoring_options(const config::Settings& settings, bool sinks);
  std::vector<snapshot::FactSource> fact_sources(const config::Settings& settings);

  std::unique_ptr<aws::ScopeClients> clients_;
  const double phase_;
  const catalog::MetricSelection& selection_;
  snapshot::CollectorMetrics& metrics_;
  discovery::RdsInstanceManager instance_manager_;
  collection::CloudWatchCollector cloudwatch_collector_;
  collection::PiCollector pi_collector_;
  collection::EnhancedMonitoringCollector enhanced_monitoring_collector_;
  // The Enhanced Monitoring loop's last cycle, recorded once its readings are merged, like last_pi_.
  collection::EnhancedMonitoringResult last_enhanced_monitoring_;
  // The Performance Insights loop's last cycle, its self-metrics recorded once its readings are merged.
  collection::PiCollectionResult last_pi_;
  inventory::InventoryCollector inventory_collector_;
  snapshot::RdsMetricCollector collector_;
};

// With Kubernetes coordination: how the pipeline tells the coordinator which scopes there are, and how each scope's
// AWS calls learn whether this replica still holds it. Which scopes it runs comes back through set_owned().
struct ScopeOwnership {
  // The scopes ("<account>/<region>"), each time they are listed.
  std::function<void(const std::vector<std::string>& scopes)> listed;
  // Asked by every AWS call of the scope before each attempt (aws::ClientContext::admitted).
  std::function<std::function<bool()>(const std::string& scope)> fence;
};

// Everything from the scopes to the page, built from the configuration around one AWS session: the ScopeSource
// says which scopes to watch (listed again at each discovery interval when they come from Organizations), each
// scope runs its own ScopePipeline, and the SnapshotStore renders all of them into one page per change.
class ExporterPipeline {
 public:
  // `user_agent` goes with every remote-write request; every scope's RdsMetricCollector runs on `clock`
  // (--testing.time-scale), which outlives the pipeline.
  // With `ownership`, no scope runs until set_owned() names it.
  ExporterPipeline(const config::Settings& settings, aws::AwsSession& session,
                   const std::string& user_agent = "rds_exporter",
                   snapshot::EngineClock& clock = snapshot::system_engine_clock(),
                   std::optional<ScopeOwnership> ownership = std::nullopt);
  ~ExporterPipeline();

  void start();
  // Tells the scopes' loops to stop without waiting: called before the session's calls are cancelled, so that a
  // cancelled call is not taken for a failure.
  void request_stop();
  void stop();

  // With ownership: the listed scopes this replica runs from now on. Returns once every other scope has stopped (its
  // AWS calls ended, its series off the page). Thread-safe.
  void set_owned(std::set<std::string> owned);

  publishing::RenderedPagePtr page() const { return publisher_.page(); }
  // The self-metrics of every stage, gathered at scrape time (they are few and always changing).
  std::vector<exposition::MetricFamily> self_metrics() const;
  // Healthy while the scopes are known and most scopes collect; the reason names every failing scope.
  http::Health health() const;
  // Whether the scopes are listed, one of them is served (RdsMetricCollector::ready) and every other has had its
  // first discovery (RdsMetricCollector::settled).
  bool ready() const;

 private:
  void scopes_loop(std::stop_token stop);
  // The scopes as listed: remembered, told to the ownership, and run as far as this replica owns them.
  void reconcile(const std::vector<aws::ScopeSpec>& listed);
  // Starts the listed scopes this replica owns that are new, stops the others.
  void apply(const std::vector<aws::ScopeSpec>& listed);

  const config::Settings settings_;
  aws::AwsSession& session_;
  snapshot::EngineClock& clock_;
  // Where the scopes' phases count from: their intervals start together with the pipeline.
  const snapshot::EngineClock::SteadyTime phase_origin_;
  catalog::MetricSelection selection_;
  publishing::PrometheusPublisher publisher_;
  snapshot::CollectorMetrics metrics_;
  snapshot::SnapshotStore store_;
  discovery::ScopeSource source_;
  // remote_write: one writer per target, every scope's points delivered to each; started with the pipeline,
  // flushed (for a bounded time) once the scopes have stopped.
  remote_write::RemoteWriteMetrics remote_write_metrics_;
  std::vector<std::unique_ptr<remote_write::RemoteWriter>> writers_;

  const std::optional<ScopeOwnership> ownership_;
  // Serialises reconcile() (the scopes' thread) and set_owned() (the coordinator's); guards listed_ and owned_.
  std::mutex reconcile_mutex_;
  std::optional<std::vector<aws::ScopeSpec>> listed_;
  // nullopt: every listed scope (no coordination).
  std::optional<std::set<std::string>> owned_;

  mutable std::mutex scopes_mutex_;
  std::map<std::string, std::unique_ptr<ScopePipeline>> scopes_;
  // Why the scopes could not be listed, while they cannot be.
  std::string scopes_error_;
  bool scopes_listed_ = false;
  std::atomic<std::chrono::steady_clock::time_point> started_{std::chrono::steady_clock::now()};
  std::stop_source stop_source_;
  std::jthread scopes_thread_;
};

}  // namespace rds_exporter::app
