#include "app/exporter_runtime.h"

#include "app/exporter_pipeline.h"
#include "config/render.h"
#include "coordination/kube_lease_client.h"
#include "coordination/kube_target.h"
#include "logging/log_setup.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <map>

namespace rds_exporter::app {
namespace {

// The HTTP listener's own settings: the socket and its bounds are set up once, at start.
constexpr std::array<std::string_view, 5> kRestartKeys = {"exporter.host", "exporter.port",
                                                           "exporter.read_header_timeout", "exporter.idle_timeout",
                                                           "exporter.max_connections"};

// Keys a running generation takes in place: nothing collected changes with them.
bool applies_in_place(std::string_view key) {
  return key.starts_with("log.") || key == "exporter.shutdown_grace";
}

std::map<std::string, std::optional<std::string>> values_of(const config::LoadResult& loaded) {
  std::map<std::string, std::optional<std::string>> values;
  for (const config::EffectiveValue& value : loaded.values) values[value.key] = value.value;
  return values;
}

std::string shown(const std::optional<std::string>& value) { return value ? *value : std::string("(unset)"); }

}  // namespace

bool needs_restart(std::string_view key) {
  // The coordinator outlives generations: it keeps its leases across a reload.
  return std::find(kRestartKeys.begin(), kRestartKeys.end(), key) != kRestartKeys.end() ||
         key.starts_with("coordination.");
}

// The Leases' API client and the coordinator built on it; the coordinator is made by the runtime, its owner.
struct ExporterRuntime::Coordination {
  // The rounds' calls, cancelled at shutdown so that stopping never waits for a hung API server.
  std::stop_source stop_calls;
  std::shared_ptr<coordination::LeaseApi> api;
  // The releases after collection has stopped: not cancelled, each within KubeLeaseClient::kCallTimeout.
  std::shared_ptr<coordination::LeaseApi> release_api;
  coordination::CoordinatorOptions options;
  std::string where;
  std::unique_ptr<coordination::ShardCoordinator> coordinator;
};

namespace {

// coordination.identity, else $POD_NAME (the downward API), else the host name, which is the pod's name in Kubernetes.
std::string coordination_identity(const config::Settings& settings, const common::Environment& environment) {
  if (settings.coordination.identity) return *settings.coordination.identity;
  if (auto pod = common::non_empty(environment, "POD_NAME")) return *pod;
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) == 0 && host[0] != '\0') return std::string(host.data());
  return "rds-exporter";
}

}  // namespace

// One configuration's AWS session and pipeline; the session outlives the pipeline that calls it. Stopping it
// first cancels every AWS call and wait of the session, then waits for the loops to end.
struct ExporterRuntime::Generation {
  std::stop_source stop;
  std::unique_ptr<aws::AwsSession> session;
  std::unique_ptr<ExporterPipeline> pipeline;

  static common::Expected<std::shared_ptr<Generation>, std::string> create(const config::Settings& settings,
                                                                          const ExporterRuntime::Options& options,
                                                                          std::optional<ScopeOwnership> ownership) {
    auto generation = std::make_shared<Generation>();
    auto session = aws::AwsSession::create(settings, options.request.environment, options.user_agent,
                                           generation->stop.get_token());
    if (!session) return common::Unexpected{std::move(session.error())};
    generation->session = std::move(session.value());
    generation->pipeline = std::make_unique<ExporterPipeline>(
        settings, *generation->session, options.user_agent,
        options.engine_clock != nullptr ? *options.engine_clock : snapshot::system_engine_clock(),
        std::move(ownership));
    return generation;
  }

  void halt() {
    if (pipeline) pipeline->request_stop();
    stop.request_stop();
    if (pipeline) pipeline->stop();
  }

  ~Generation() {
    halt();
    pipeline.reset();
  }
};

common::Expected<std::unique_ptr<ExporterRuntime>, std::string> ExporterRuntime::create(Options options,
                                                                                       config::LoadResult loaded) {
  const config::Settings& settings = *loaded.settings;
  std::unique_ptr<Coordination> coordination;
  if (settings.coordination.enabled) {
    coordination = std::make_unique<Coordination>();
    std::string namespace_ = settings.coordination.namespace_.value_or("");
    if (options.lease_api) {
      coordination->api = options.lease_api;
      coordination->release_api = options.lease_api;
      coordination->where = "the given Lease API";
    } else {
      auto target = coordination::resolve_kube_target(settings.coordination.kubeconfig, options.request.environment);
      if (!target) return common::Unexpected{"coordination: " + target.error()};
      if (namespace_.empty()) namespace_ = target->namespace_;
      coordination->where = fmt::format("{} ({})", target->server, target->source);
      coordination->api =
          std::make_shared<coordination::KubeLeaseClient>(*target, namespace_, coordination->stop_calls.get_token());
      coordination->release_api = std::make_shared<coordination::KubeLeaseClient>(*target, namespace_, std::stop_token());
    }
    coordination->where += fmt::format(", namespace {}", namespace_.empty() ? "default" : namespace_);
    coordination->options = {coordination_identity(settings, options.request.environment),
                             settings.coordination.lease_prefix, settings.coordination.lease_duration,
                             settings.coordination.renew_deadline, settings.coordination.retry_period};
  }
  std::unique_ptr<ExporterRuntime> runtime(
      new ExporterRuntime(std::move(options), std::move(loaded), std::move(coordination)));
  auto first = Generation::create(runtime->settings(), runtime->options_, runtime->ownership());
  if (!first) return common::Unexpected{std::move(first.error())};
  runtime->generation_ = std::move(first).value();
  return runtime;
}

ExporterRuntime::ExporterRuntime(Options options, config::LoadResult loaded, std::unique_ptr<Coordination> coordination)
    : options_(std::move(options)),
      loaded_(std::move(loaded)),
      coordination_(std::move(coordination)),
      last_reload_successful_("rds_exporter_config_last_reload_successful",
                              "Whether the last configuration reload attempt was successful.", {}),
      last_reload_success_timestamp_("rds_exporter_config_last_reload_success_timestamp_seconds",
                                     "Timestamp of the last successful configuration reload (the start, before any).",
                                     {}),
      reloads_("rds_exporter_config_reloads_total",
               "Configuration reloads attempted (SIGHUP, POST /-/reload), by result; a failed one changes nothing.",
               {"result"}) {
  if (coordination_) {
    coordination_->coordinator =
        std::make_unique<coordination::ShardCoordinator>(coordination_->options, *coordination_->api,
                                                         static_cast<coordination::ScopeOwner&>(*this),
                                                         coordination_->release_api.get());
  }
  last_reload_successful_.set({}, 1);
  last_reload_success_timestamp_.set(
      {}, std::chrono::duration<double>(options_.now().time_since_epoch()).count());
  reloads_.increment({"success"}, 0);
  reloads_.increment({"failure"}, 0);
}

ExporterRuntime::~ExporterRuntime() { stop(); }

std::shared_ptr<ExporterRuntime::Generation> ExporterRuntime::current() const {
  const std::lock_guard lock(generation_mutex_);
  return generation_;
}

void ExporterRuntime::start() {
  const std::lock_guard lock(reload_mutex_);
  started_ = true;
  current()->pipeline->start();
  if (coordination_) {
    logging::logger("coordination")
        ->info("sharing the scopes as {} through Leases {}-* on {}", coordination_->options.identity,
               coordination_->options.lease_prefix, coordination_->where);
    coordination_->coordinator->start();
  }
}

void ExporterRuntime::stop() {
  const std::lock_guard lock(reload_mutex_);
  if (!started_) return;
  started_ = false;
  // No new scope is taken, then collection stops, and only then are the leases released for the other replicas.
  if (coordination_) {
    coordination_->stop_calls.request_stop();
    coordination_->coordinator->stop_rounds();
  }
  current()->halt();
  if (coordination_) coordination_->coordinator->release_all(std::chrono::seconds(3));
}

std::optional<ScopeOwnership> ExporterRuntime::ownership() {
  if (!coordination_) return std::nullopt;
  coordination::ShardCoordinator* coordinator = coordination_->coordinator.get();
  return ScopeOwnership{[coordinator](const std::vector<std::string>& scopes) { coordinator->set_scopes(scopes); },
                        [coordinator](const std::string& scope) { return coordinator->fence(scope); }};
}

void ExporterRuntime::hold(const std::set<std::string>& held) {
  const std::lock_guard lock(held_mutex_);
  held_ = held;
  if (auto generation = current()) generation->pipeline->set_owned(held);
}

const config::Settings& ExporterRuntime::settings() const { return *loaded_.settings; }

publishing::RenderedPagePtr ExporterRuntime::live_bridge() const {
  return std::chrono::steady_clock::now() < bridge_until_ ? bridge_page_ : nullptr;
}

publishing::RenderedPagePtr ExporterRuntime::page() const {
  const std::lock_guard lock(generation_mutex_);
  publishing::RenderedPagePtr page = generation_->pipeline->page();
  return page ? page : live_bridge();
}

std::vector<exposition::MetricFamily> ExporterRuntime::self_metrics() const {
  std::vector<exposition::MetricFamily> families = current()->pipeline->self_metrics();
  if (coordination_) {
    for (auto& family : coordination_->coordinator->self_metrics()) families.push_back(std::move(family));
  }
  families.push_back(last_reload_successful_.collect());
  families.push_back(last_reload_success_timestamp_.collect());
  families.push_back(reloads_.collect());
  return families;
}

http::Health ExporterRuntime::health() const { return current()->pipeline->health(); }

http::Health ExporterRuntime::readiness() const {
  if (coordination_ && !coordination_->coordinator->settled()) {
    return {false, "waiting for the first round of Kubernetes Leases"};
  }
  if (current()->pipeline->ready()) return {};
  {
    const std::lock_guard lock(generation_mutex_);
    // After a reload the old page is still served: the exporter stays ready.
    if (live_bridge()) return {};
  }
  return {false, "waiting for the first discovery and collection"};
}

void ExporterRuntime::record_reload(bool success) {
  reloads_.increment({success ? "success" : "failure"});
  last_reload_successful_.set({}, success ? 1 : 0);
  if (success) {
    last_reload_success_timestamp_.set({},
                                       std::chrono::duration<double>(options_.now().time_since_epoch()).count());
  }
}

std::optional<std::string> ExporterRuntime::reload() {
  const std::lock_guard lock(reload_mutex_);
  const auto log = logging::logger("main");
  log->info("reloading the configuration");
  auto fail = [&](std::string why) -> std::optional<std::string> {
    log->error("configuration reload failed, keeping the running configuration: {}", why);
    record_reload(false);
    return why;
  };

  config::LoadResult loaded = config::load_configuration(options_.request);
  if (!loaded.settings) return fail(config::render_problems(loaded.problems));
  for (const config::Problem& problem : loaded.problems) {
    log->warn("{}", config::render_problems(std::span<const config::Problem>(&problem, 1)));
  }

  std::optional<http::WebSecurity> security;
  if (options_.web_config_file) {
    auto read = http::load_web_security(*options_.web_config_file);
    if (!read) return fail(read.error());
    security = std::move(read.value());
  }

  // Which keys changed, and what they need.
  const auto before = values_of(loaded_);
  const auto after = values_of(loaded);
  bool rebuild = false;
  for (const auto& [key, value] : after) {
    const auto old = before.find(key);
    if (old != before.end() && old->second == value) continue;
    const std::string old_value = old == before.end() ? std::string("(unset)") : shown(old->second);
    if (needs_restart(key)) {
      log->warn("{} changed from {} to {}: it takes effect at the next restart", key, old_value, shown(value));
    } else if (!applies_in_place(key)) {
      rebuild = true;
    }
  }
  // The listener keeps the values it was started with, so --check-config-style reports and the next diff
  // compare against what really runs.
  config::Settings& settings = *loaded.settings;
  settings.exporter.host = loaded_.settings->exporter.host;
  settings.exporter.port = loaded_.settings->exporter.port;
  settings.exporter.read_header_timeout = loaded_.settings->exporter.read_header_timeout;
  settings.exporter.idle_timeout = loaded_.settings->exporter.idle_timeout;
  settings.exporter.max_connections = loaded_.settings->exporter.max_connections;
  for (config::EffectiveValue& value : loaded.values) {
    if (!needs_restart(value.key)) continue;
    const auto old = std::find_if(loaded_.values.begin(), loaded_.values.end(),
                                  [&](const config::EffectiveValue& kept) { return kept.key == value.key; });
    if (old != loaded_.values.end()) value = *old;
  }

  std::shared_ptr<Generation> replacement;
  if (rebuild) {
    auto created = Generation::create(settings, options_, ownership());
    if (!created) return fail(created.error());
    replacement = std::move(created).value();
  }

  // Everything is valid: apply.
  if (security && options_.apply_web_security && !options_.apply_web_security(std::move(*security))) {
    log->warn("--web.config.file switches between HTTP and HTTPS: that takes effect at the next restart");
  }
  logging::configure_logging(settings.log.level, settings.log.format);
  std::shared_ptr<Generation> retired;
  if (replacement) {
    // The coordinator's scopes, before it starts and before the coordinator can tell it anything new.
    const std::lock_guard held(held_mutex_);
    if (coordination_) replacement->pipeline->set_owned(held_);
    if (started_) replacement->pipeline->start();
    const std::lock_guard lock(generation_mutex_);
    publishing::RenderedPagePtr last = generation_->pipeline->page();
    if (last) {
      bridge_page_ = std::move(last);
      bridge_until_ = std::chrono::steady_clock::now() + settings.exporter.stale_after;
    }
    retired = std::exchange(generation_, std::move(replacement));
  }
  loaded_ = std::move(loaded);
  record_reload(true);
  log->info(rebuild ? "configuration reloaded: collection restarted with the new settings"
                    : "configuration reloaded: nothing that collection uses changed");
  // Stopping cancels the old generation's AWS calls and waits for its loops to end. It happens here, never on a
  // scrape that may still hold the old generation.
  if (retired) retired->halt();
  return std::nullopt;
}

}  // namespace rds_exporter::app
