#pragma once

#include "aws/session/aws_session.h"
#include "config/loader.h"
#include "coordination/lease_api.h"
#include "coordination/shard_coordinator.h"
#include "exposition/metric_family.h"
#include "http/providers.h"
#include "http/server.h"
#include "publishing/rendered_page.h"
#include "snapshot/engine_clock.h"
#include "telemetry/metric_families.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rds_exporter::app {

class ExporterPipeline;
struct ScopeOwnership;

// Keys read once, when the process starts: a reload that changes them says so and leaves them as they are.
bool needs_restart(std::string_view key);

// The running exporter around one configuration: its AWS session and pipeline (a "generation"), and how a
// reload (SIGHUP, POST /-/reload) replaces them. A reload re-reads the configuration files, the command
// line's values and --web.config.file; an invalid result is logged, counted and ignored, so the old generation
// keeps running. A valid one takes effect at once: log settings and the web config in place, anything that
// changes what is collected or how AWS is called by a new generation, started before the old one stops. Until
// the new one has published its first page, scrapes get the old one's last page.
//
// With coordination.enabled, a ShardCoordinator (which outlives generations) decides which scopes run: the runtime is
// its ScopeOwner and hands what it holds to the current generation's pipeline.
class ExporterRuntime : private coordination::ScopeOwner {
 public:
  struct Options {
    config::LoadRequest request;
    std::string user_agent;
    std::optional<std::filesystem::path> web_config_file;
    // Where a new --web.config.file goes; returns false when the server cannot take it without a restart.
    std::function<bool(http::WebSecurity)> apply_web_security;
    // For tests: the clock of the reload timestamp.
    std::function<std::chrono::system_clock::time_point()> now = [] { return std::chrono::system_clock::now(); };
    // The time of every scope's RdsMetricCollector (--testing.time-scale); null: real time. Outlives the runtime.
    snapshot::EngineClock* engine_clock = nullptr;
    // For tests: the Leases' API instead of the Kubernetes API server that coordination.* names.
    std::shared_ptr<coordination::LeaseApi> lease_api;
  };

  // Builds the first generation from an already loaded configuration; fails as AwsSession::create does.
  static common::Expected<std::unique_ptr<ExporterRuntime>, std::string> create(Options options,
                                                                               config::LoadResult loaded);
  ~ExporterRuntime() override;
  ExporterRuntime(const ExporterRuntime&) = delete;
  ExporterRuntime& operator=(const ExporterRuntime&) = delete;

  void start();
  void stop();

  // Thread-safe: nullopt when the new configuration was taken, else why not.
  std::optional<std::string> reload();

  const config::Settings& settings() const;
  publishing::RenderedPagePtr page() const;
  std::vector<exposition::MetricFamily> self_metrics() const;
  http::Health health() const;
  http::Health readiness() const;

 private:
  struct Generation;
  struct Coordination;
  ExporterRuntime(Options options, config::LoadResult loaded, std::unique_ptr<Coordination> coordination);
  // ScopeOwner: the coordinator's decision, for the current generation and the next ones.
  void hold(const std::set<std::string>& held) override;
  std::optional<ScopeOwnership> ownership();
  std::shared_ptr<Generation> current() const;
  void record_reload(bool success);
  // The bridge page while it may still be served; null after.
  publishing::RenderedPagePtr live_bridge() const;

  Options options_;
  // Serialises reloads (SIGHUP on the main thread, /-/reload on the server's worker).
  std::mutex reload_mutex_;
  config::LoadResult loaded_;
  // Null without coordination. Declared before generation_, so destroyed after it: the generations' scopes call it.
  std::unique_ptr<Coordination> coordination_;
  mutable std::mutex generation_mutex_;
  std::shared_ptr<Generation> generation_;
  // The previous generation's last page, served until the current one publishes its first, but never past
  // bridge_until_ (exporter.stale_after after the reload): values that old would be stale anyway.
  publishing::RenderedPagePtr bridge_page_;
  std::chrono::steady_clock::time_point bridge_until_;
  bool started_ = false;

  // What the coordinator holds, for a generation created by a reload; guards handing it to the current generation.
  std::mutex held_mutex_;
  std::set<std::string> held_;

  telemetry::GaugeFamily last_reload_successful_;
  telemetry::GaugeFamily last_reload_success_timestamp_;
  telemetry::CounterFamily reloads_;
};

}  // namespace rds_exporter::app
