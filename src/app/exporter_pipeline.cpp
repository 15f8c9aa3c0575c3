#include "app/exporter_pipeline.h"

#include "collection/seed_from_cloudwatch.h"
#include "logging/log_setup.h"
#include "remote_write/http_sender.h"

#include <fmt/format.h>

#include <condition_variable>
#include <exception>
#include <iterator>
#include <set>

namespace rds_exporter::app {

discovery::ScopeSourcePorts scope_source_ports(aws::AwsSession& session) {
  return {[&session]() -> common::Expected<std::string, aws::AwsError> {
            auto identity = session.sts().get_caller_identity(session.credentials());
            if (!identity) return common::Unexpected{std::move(identity).error()};
            return identity->arn;
          },
          [&session] { return session.organizations().list_accounts(); }};
}

discovery::TagFilter tag_filter_from(const config::Settings::Target& target) {
  std::vector<discovery::TagCondition> conditions;
  if (!target.tag_key.empty()) conditions.push_back({target.tag_key, {target.tag_value}});
  for (const config::TagRule& rule : target.tags) conditions.push_back({rule.key, rule.values});
  return discovery::TagFilter(std::move(conditions));
}

catalog::SelectionRules selection_rules_from(const config::Settings::CloudWatch& cloudwatch) {
  return {cloudwatch.stat, cloudwatch.metrics.add, cloudwatch.metrics.drop, cloudwatch.metrics.statistics};
}

namespace {

// A side collection's cycle: its readings go to the merge; the rest of what it found is kept in `last` for its
// self-metrics, recorded once the readings are merged (after_merge). Only the side loop's thread touches `last`.
template <typename Result>
collection::CollectionResult readings_keeping_the_rest(Result cycle, Result& last) {
  collection::CollectionResult result;
  result.readings = std::move(cycle.readings);
  last = std::move(cycle);
  return result;
}

}  // namespace

snapshot::CollectorSchedule ScopePipeline::collector_schedule(const config::Settings& settings, double phase,
                                                              snapshot::EngineClock::SteadyTime phase_origin) {
  snapshot::CollectorSchedule schedule;
  schedule.collection_interval = settings.exporter.collection_interval;
  schedule.discovery_interval = settings.target.discovery_interval;
  schedule.stale_after = settings.exporter.stale_after;
  schedule.period = settings.cloudwatch.period;
  schedule.delay = settings.cloudwatch.delay;
  schedule.replay = settings.exporter.delivery == config::Delivery::replay;
  schedule.sampled_collection_interval = enhanced_monitoring_interval(settings);
  schedule.phase = phase;
  schedule.phase_origin = phase_origin;
  return schedule;
}

ScopePipeline::ScopePipeline(const config::Settings& settings, std::unique_ptr<aws::ScopeClients> clients,
                             const catalog::MetricSelection& selection, snapshot::SnapshotStore& store,
                             snapshot::CollectorMetrics& metrics, const std::vector<snapshot::PointSink*>& sinks,
                             snapshot::EngineClock& clock, double phase, snapshot::EngineClock::SteadyTime phase_origin)
    : clients_(std::move(clients)),
      phase_(phase),
      selection_(selection),
      metrics_(metrics),
      instance_manager_(clients_->rds(), tag_filter_from(settings.target), clients_->spec().describe(),
                        settings.exporter.tag_labels),
      cloudwatch_collector_(clients_->cloudwatch(),
                            {settings.cloudwatch.period, settings.cloudwatch.delay,
                             settings.aws.max_concurrent_requests, settings.exporter.collection_interval,
                             settings.exporter.delivery == config::Delivery::replay || !sinks.empty()}),
      pi_collector_(clients_->pi(), {settings.aws.max_concurrent_requests}),
      enhanced_monitoring_collector_(clients_->logs(), enhanced_monitoring_options(settings, !sinks.empty())),
      inventory_collector_(clients_->rds(), clients_->spec().id,
                           {settings.inventory.parameters_refresh, settings.inventory.engine_versions_refresh,
                            // A failing call's last answer is shown for three of its runs at least.
                            std::max(std::chrono::seconds(900), 3 * settings.target.discovery_interval)}),
      collector_(
          collector_schedule(settings, phase, phase_origin), clients_->spec().id,
          [this](auto now) { return instance_manager_.discover(now); },
          [this](const discovery::Inventory& inventory, auto now) { return collect_cloudwatch(inventory, now); }, store,
          metrics, side_collections(settings), clock, fact_sources(settings)) {
  for (snapshot::PointSink* sink : sinks) collector_.add_sink(*sink);
}

std::vector<snapshot::SideCollection> ScopePipeline::side_collections(const config::Settings& settings) {
  std::vector<snapshot::SideCollection> sides;
  if (settings.performance_insights.enabled) {
    sides.push_back(
        {"performance_insights",
         [this](const discovery::Inventory& inventory, auto now) { return collect_performance_insights(inventory, now); },
         [this] { metrics_.record_performance_insights(clients_->spec().id, last_pi_); }});
  }
  if (settings.enhanced_monitoring.enabled) {
    sides.push_back(
        {"enhanced_monitoring",
         [this](const discovery::Inventory& inventory, auto now) { return collect_enhanced_monitoring(inventory, now); },
         [this] { metrics_.record_enhanced_monitoring(clients_->spec().id, last_enhanced_monitoring_); },
         enhanced_monitoring_interval(settings), snapshot::Release::scheduled});
  }
  return sides;
}

std::chrono::seconds ScopePipeline::enhanced_monitoring_interval(const config::Settings& settings) {
  return settings.enhanced_monitoring.collection_interval.count() > 0 ? settings.enhanced_monitoring.collection_interval
                                                                      : settings.exporter.collection_interval;
}

collection::EnhancedMonitoringOptions ScopePipeline::enhanced_monitoring_options(const config::Settings& settings,
                                                                               bool sinks) {
  collection::EnhancedMonitoringOptions options;
  options.every_point = sinks || settings.exporter.delivery == config::Delivery::replay;
  options.document = {settings.enhanced_monitoring.processes, settings.enhanced_monitoring.top_processes};
  // The first read reaches back one read's interval (two minutes at least), so that replay and remote write get
  // the samples since the exporter started; after a gap, up to stale_after back (the samples still worth showing).
  options.first_window = std::max(std::chrono::seconds(120), enhanced_monitoring_interval(settings));
  options.backfill_limit = std::max(options.first_window, settings.exporter.stale_after);
  return options;
}

collection::CollectionResult ScopePipeline::collect_enhanced_monitoring(const discovery::Inventory& inventory,
                                                                        std::chrono::system_clock::time_point now) {
  return readings_keeping_the_rest(enhanced_monitoring_collector_.collect(inventory, now), last_enhanced_monitoring_);
}

std::vector<snapshot::FactSource> ScopePipeline::fact_sources(const config::Settings& settings) {
  if (!settings.inventory.enabled) return {};
  return {{"inventory",
           [this](const discovery::Inventory& inventory, auto now) { return inventory_collector_.collect(inventory, now); }}};
}

collection::CollectionResult ScopePipeline::collect_cloudwatch(const discovery::Inventory& inventory,
                                                               std::chrono::system_clock::time_point now) {
  collection::CollectionResult result = cloudwatch_collector_.collect(inventory, selection_, now);
  std::vector<collection::Reading> derived = collection::seed_readings_from_cloudwatch(result.readings, inventory);
  result.points += derived.size();
  result.readings.reserve(result.readings.size() + derived.size());
  std::move(derived.begin(), derived.end(), std::back_inserter(result.readings));
  return result;
}

collection::CollectionResult ScopePipeline::collect_performance_insights(const discovery::Inventory& inventory,
                                                                         std::chrono::system_clock::time_point now) {
  return readings_keeping_the_rest(pi_collector_.collect(inventory, now), last_pi_);
}

namespace {

// How long stopping keeps sending what is queued before it cancels: short, so that a receiver that is down
// does not hold up a restart.
constexpr std::chrono::seconds kRemoteWriteFlush{5};

// exporter.naming as publishing's own enum: publishing does not depend on the configuration.
publishing::NamingScheme naming_scheme(config::Naming naming) {
  return naming == config::Naming::prometheus ? publishing::NamingScheme::prometheus
                                              : publishing::NamingScheme::prototype;
}

// The AWS credentials a sigv4 target signs with: the process's, or those of its role_arn assumed with them.
remote_write::AwsCredentialsSource remote_write_credentials(aws::AwsSession& session,
                                                            const config::RemoteWriteTarget& target) {
  std::shared_ptr<aws::CredentialsProvider> role;
  if (target.sigv4 && target.sigv4->role_arn) role = session.assumed_role_credentials(*target.sigv4->role_arn);
  return [&session, role]() -> common::Expected<aws::Credentials, std::string> {
    auto credentials = role ? role->credentials() : session.credentials().credentials();
    if (!credentials) return common::Unexpected{credentials.error().message};
    return std::move(credentials).value();
  };
}

}  // namespace

ExporterPipeline::ExporterPipeline(const config::Settings& settings, aws::AwsSession& session,
                                   const std::string& user_agent, snapshot::EngineClock& clock,
                                   std::optional<ScopeOwnership> ownership)
    : settings_(settings),
      session_(session),
      clock_(clock),
      phase_origin_(clock.steady_now()),
      selection_(selection_rules_from(settings.cloudwatch)),
      // Replay shows older points than the scrape's time: they must carry their own timestamps.
      publisher_({settings.exporter.tag_labels,
                  settings.exporter.export_timestamps || settings.exporter.delivery == config::Delivery::replay,
                  naming_scheme(settings.exporter.naming)}),
      store_(publisher_, metrics_),
      source_(settings.aws, session.region().region, scope_source_ports(session)),
      ownership_(std::move(ownership)) {
  if (ownership_) owned_.emplace();
  for (const config::RemoteWriteTarget& target : settings.remote_write) {
    auto sender = std::make_unique<remote_write::HttpSender>(remote_write::HttpSenderOptions{
        target, user_agent, session.region().region,
        target.sigv4 ? remote_write_credentials(session, target) : remote_write::AwsCredentialsSource()});
    writers_.push_back(std::make_unique<remote_write::RemoteWriter>(
        remote_write::WriterOptions{target.url, static_cast<std::size_t>(target.queue_capacity),
                                    static_cast<std::size_t>(target.max_samples_per_send), target.min_backoff,
                                    target.max_backoff, settings.exporter.tag_labels,
                                    naming_scheme(settings.exporter.naming)},
        std::move(sender), remote_write_metrics_));
  }
}

ExporterPipeline::~ExporterPipeline() { stop(); }

void ExporterPipeline::start() {
  started_ = std::chrono::steady_clock::now();
  for (auto& writer : writers_) writer->start();
  scopes_thread_ = std::jthread([this, stop = stop_source_.get_token()] { scopes_loop(stop); });
}

void ExporterPipeline::request_stop() {
  stop_source_.request_stop();
  const std::lock_guard lock(scopes_mutex_);
  for (auto& [key, scope] : scopes_) scope->request_stop();
}

void ExporterPipeline::stop() {
  // Every scope is told to stop first, so that they all wind down at once rather than one after another.
  request_stop();
  if (scopes_thread_.joinable()) scopes_thread_.join();
  std::map<std::string, std::unique_ptr<ScopePipeline>> scopes;
  {
    const std::lock_guard lock(scopes_mutex_);
    scopes.swap(scopes_);
  }
  for (auto& [key, scope] : scopes) scope->stop();
  // No point comes any more: what is queued gets a short while to go out, then whatever is in flight is cancelled.
  for (auto& writer : writers_) writer->stop(kRemoteWriteFlush);
}

void ExporterPipeline::scopes_loop(std::stop_token stop) {
  const auto log = logging::logger("scopes");
  std::mutex mutex;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    auto wait = settings_.target.discovery_interval;
    try {
      auto resolved = source_.resolve();
      if (resolved) {
        reconcile(*resolved);
        if (!source_.refreshes()) return;  // a fixed list: resolved once for good
      } else {
        {
          const std::lock_guard lock(scopes_mutex_);
          scopes_error_ = resolved.error();
        }
        wait = std::min(settings_.target.discovery_interval, settings_.exporter.collection_interval);
        log->warn("cannot list the scopes to watch (retrying in {} s): {}", wait.count(), resolved.error());
      }
    } catch (const std::exception& error) {
      metrics_.record_internal_error("scopes");
      log->error("unexpected error while listing the scopes; trying again at the next tick: {}", error.what());
    }
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, wait, [] { return false; });
  }
}

void ExporterPipeline::reconcile(const std::vector<aws::ScopeSpec>& listed) {
  const std::lock_guard serial(reconcile_mutex_);
  listed_ = listed;
  if (ownership_ && ownership_->listed) {
    std::vector<std::string> keys;
    for (const aws::ScopeSpec& spec : listed) keys.push_back(spec.describe());
    ownership_->listed(keys);
  }
  apply(listed);
}

void ExporterPipeline::set_owned(std::set<std::string> owned) {
  const std::lock_guard serial(reconcile_mutex_);
  owned_ = std::move(owned);
  if (listed_) apply(*listed_);
}

void ExporterPipeline::apply(const std::vector<aws::ScopeSpec>& listed) {
  const auto log = logging::logger("scopes");
  std::set<std::string> listed_keys;
  std::vector<aws::ScopeSpec> wanted;
  for (const aws::ScopeSpec& spec : listed) {
    listed_keys.insert(spec.describe());
    if (!owned_ || owned_->contains(spec.describe())) wanted.push_back(spec);
  }
  std::set<std::string> wanted_keys;
  std::vector<std::unique_ptr<ScopePipeline>> retired;
  std::vector<ScopePipeline*> started;
  {
    const std::lock_guard lock(scopes_mutex_);
    for (const aws::ScopeSpec& spec : wanted) {
      const std::string key = spec.id.describe();
      wanted_keys.insert(key);
      const auto found = scopes_.find(key);
      if (found != scopes_.end() && found->second->spec() == spec) continue;
      auto clients = session_.open_scope(spec, ownership_ && ownership_->fence ? ownership_->fence(key)
                                                                                : std::function<bool()>());
      if (!clients) {
        log->error("scope {}: cannot be watched: {}", key, clients.error());
        continue;
      }
      // A replaced scope keeps its phase; a new one takes the phase farthest from the other scopes', so that their
      // cycles never all run at once.
      double phase = 0;
      if (found != scopes_.end()) {
        phase = found->second->phase();
        retired.push_back(std::move(found->second));
      } else {
        std::vector<double> taken;
        for (const auto& [other, running] : scopes_) taken.push_back(running->phase());
        phase = snapshot::spread_phase(std::move(taken));
      }
      std::vector<snapshot::PointSink*> sinks;
      for (auto& writer : writers_) sinks.push_back(writer.get());
      auto pipeline = std::make_unique<ScopePipeline>(settings_, std::move(clients).value(), selection_, store_,
                                                      metrics_, sinks, clock_, phase, phase_origin_);
      started.push_back(pipeline.get());
      scopes_[key] = std::move(pipeline);
    }
    for (auto it = scopes_.begin(); it != scopes_.end();) {
      if (wanted_keys.contains(it->first)) {
        ++it;
      } else {
        retired.push_back(std::move(it->second));
        it = scopes_.erase(it);
      }
    }
    scopes_listed_ = true;
    scopes_error_.clear();
    metrics_.record_scopes(scopes_.size());
  }
  for (ScopePipeline* pipeline : started) {
    log->info("scope {}: watching{}", pipeline->spec().describe(),
              pipeline->spec().role_arn ? " through " + *pipeline->spec().role_arn : std::string());
    pipeline->start();
  }
  for (auto& pipeline : retired) {
    const std::string key = pipeline->spec().describe();
    pipeline->stop();
    if (wanted_keys.contains(key)) continue;
    store_.update(key, nullptr);
    // Its gauges go with its series: another replica serves them now, or nobody should (a scope_up of 0 for a
    // scope no longer watched would keep an alert firing for nothing); its counters too when it is gone for good.
    metrics_.forget_scope(pipeline->spec().id, !listed_keys.contains(key));
    if (listed_keys.contains(key)) {
      log->info("scope {}: stopped here (coordination: this replica does not hold it)", key);
    } else {
      log->info("scope {}: no longer watched", key);
    }
  }
}

std::vector<exposition::MetricFamily> ExporterPipeline::self_metrics() const {
  std::vector<exposition::MetricFamily> families = metrics_.collect();
  for (auto& family : session_.metrics().collect()) families.push_back(std::move(family));
  if (!writers_.empty()) {
    for (auto& family : remote_write_metrics_.collect()) families.push_back(std::move(family));
  }
  return families;
}

http::Health ExporterPipeline::health() const {
  const std::lock_guard lock(scopes_mutex_);
  if (!scopes_listed_) {
    // As for a scope's collection: unhealthy only after three collection intervals without the scopes.
    const bool within_grace = std::chrono::steady_clock::now() - started_.load() <= 3 * settings_.exporter.collection_interval;
    return {within_grace, scopes_error_.empty() ? "the scopes to watch are not listed yet"
                                                : "cannot list the scopes to watch: " + scopes_error_};
  }
  std::vector<std::string> failing;
  for (const auto& [key, scope] : scopes_) {
    const snapshot::CollectorHealth health = scope->collector().health();
    if (!health.healthy) failing.push_back(fmt::format("scope {}: {}", key, health.reason));
  }
  if (failing.empty()) return {};
  // The exporter as a whole is unhealthy only when no scope collects; a partial failure is named in the body.
  const bool all_failing = failing.size() == scopes_.size();
  return {!all_failing, fmt::format("{} of {} scopes failing: {}", failing.size(), scopes_.size(),
                                    fmt::join(failing, "; "))};
}

bool ExporterPipeline::ready() const {
  const std::lock_guard lock(scopes_mutex_);
  if (!scopes_listed_) return false;
  if (scopes_.empty()) return true;
  // One scope that cannot be reached (a role not yet deployed) must not keep the others' series from being
  // served: ready once one scope is served and every other has tried at least once.
  const auto ready = [](const auto& entry) { return entry.second->collector().ready(); };
  const auto settled = [](const auto& entry) { return entry.second->collector().settled(); };
  return std::any_of(scopes_.begin(), scopes_.end(), ready) && std::all_of(scopes_.begin(), scopes_.end(), settled);
}

}  // namespace rds_exporter::app
