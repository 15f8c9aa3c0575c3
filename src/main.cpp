// Wires the stages together: command line → configuration → logging → AWS session → pipeline (discovery,
// collection, snapshot, publishing) → HTTP server → signals.
#include "app/aws_check.h"
#include "app/build_info.h"
#include "app/command_line.h"
#include "app/exporter_runtime.h"
#include "app/metrics_page.h"
#include "app/signal_waiter.h"
#include "aws/session/aws_session.h"
#include "aws/session/sdk_options.h"
#include "common/heap.h"
#include "config/loader.h"
#include "config/process_environment.h"
#include "config/render.h"
#include "http/server.h"
#include "logging/log_setup.h"
#include "snapshot/scaled_engine_clock.h"

#include <fmt/format.h>

#include <cstring>

namespace {

using namespace rds_exporter;

constexpr int kRuntimeFailure = 1;
constexpr int kInvalidConfiguration = 2;

http::ServerOptions server_options(const config::Settings& settings, std::string_view version) {
  http::ServerOptions options;
  options.host = settings.exporter.host;
  options.port = settings.exporter.port;
  options.version = std::string(version);
  options.read_header_timeout = settings.exporter.read_header_timeout;
  options.idle_timeout = settings.exporter.idle_timeout;
  options.max_connections = static_cast<std::size_t>(settings.exporter.max_connections);
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  common::bound_heap();
  const auto parsed = app::parse_command_line(argc, argv);
  if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  const auto& command_line = std::get<app::CommandLine>(parsed);

  config::LoadRequest request;
  request.config_dir = command_line.config_dir;
  request.environment = config::process_environment();
  request.overrides = command_line.overrides;
  config::LoadResult loaded = config::load_configuration(request);
  fmt::print(stderr, "{}", config::render_problems(loaded.problems));
  // A bad --web.config.file is a start-up error like a bad configuration file, --check-config included.
  http::WebSecurity security;
  if (command_line.web_config_file) {
    auto read = http::load_web_security(*command_line.web_config_file);
    if (!read) {
      fmt::print(stderr, "error: --web.config.file: {}\n", read.error());
      return kInvalidConfiguration;
    }
    security = std::move(read.value());
  }
  if (command_line.check_config && loaded.settings) {
    // The AWS SDK settings (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, ... and the profile's keys) as AwsSession resolves them.
    const auto sdk = aws::resolve_sdk_options(*loaded.settings, request.environment);
    if (!sdk) {
      for (const auto& problem : sdk.error()) fmt::print(stderr, "error: {}\n", problem);
      return kInvalidConfiguration;
    }
    for (const auto& warning : sdk->warnings) fmt::print(stderr, "warning: {}\n", warning);
    fmt::print("{}{}", config::render_effective_configuration(loaded), aws::render_sdk_options(*sdk));
  }
  if (command_line.check_config || !loaded.settings) return loaded.settings ? 0 : kInvalidConfiguration;

  // Before any thread exists, so that only the main thread ever receives SIGTERM, SIGINT and SIGHUP.
  const app::SignalWaiter signals;
  const config::Settings initial = *loaded.settings;
  logging::configure_logging(initial.log.level, initial.log.format);
  const auto log = logging::logger("main");
  const app::BuildInfo& build = app::build_info();
  log->info("rds_exporter {} (revision {}) starting; config dir {} ({}), RUN_MODE {}", build.version, build.revision,
            loaded.config_dir, loaded.config_dir_origin, loaded.run_mode);
  const std::string user_agent = fmt::format("rds_exporter/{}", build.version);

  if (command_line.check_aws) {
    auto session = aws::AwsSession::create(initial, request.environment, user_agent);
    if (!session) {
      fmt::print(stderr, "error: {}\n", session.error());
      return kInvalidConfiguration;
    }
    return app::run_aws_check(*session.value(), initial, stdout);
  }

  // --testing.time-scale: every scope's engine on a faster clock, for runs against rds_sim --time-scale only.
  std::unique_ptr<snapshot::ScaledEngineClock> scaled_clock;
  if (command_line.testing_time_scale) {
    scaled_clock = std::make_unique<snapshot::ScaledEngineClock>(
        *command_line.testing_time_scale, command_line.testing_time_origin, command_line.testing_time_backdate);
    log->warn("testing: the engine's time runs {} times faster than real time (--testing.time-scale); for runs "
              "against rds_sim --time-scale only",
              scaled_clock->factor());
  }
  http::Server* server_for_reload = nullptr;
  app::ExporterRuntime::Options runtime_options{request, user_agent, command_line.web_config_file,
                                                [&server_for_reload](http::WebSecurity next) {
                                                  return server_for_reload->update_security(std::move(next));
                                                }};
  runtime_options.engine_clock = scaled_clock.get();
  auto created = app::ExporterRuntime::create(std::move(runtime_options), std::move(loaded));
  if (!created) {
    fmt::print(stderr, "error: {}\n", created.error());
    return kInvalidConfiguration;
  }
  app::ExporterRuntime& runtime = *created.value();

  const bool tls = security.tls != nullptr;
  std::unique_ptr<http::Server> server;
  const app::MetricsPage page(build, [&runtime] { return runtime.page(); }, {[&runtime] { return runtime.self_metrics(); }},
                              {[&server] { return server->metrics(); }});
  http::Handlers handlers{[&page](bool gzip, exposition::Format format) { return page.render(gzip, format); }, [&runtime] { return runtime.health(); },
                          [&runtime] { return runtime.readiness(); }, nullptr};
  if (command_line.enable_lifecycle) handlers.reload = [&runtime] { return runtime.reload(); };
  server = std::make_unique<http::Server>(server_options(initial, build.version), std::move(handlers),
                                          std::move(security));
  server_for_reload = server.get();
  if (const auto error = server->start()) {
    log->error("cannot serve HTTP: {}", *error);
    return kRuntimeFailure;
  }
  log->info("serving {}://{}:{}/ (/metrics, /health, /-/healthy, /-/ready{})",
            tls ? "https" : "http", initial.exporter.host, server->port(),
            command_line.enable_lifecycle ? ", /-/reload" : "");
  runtime.start();

  int received = 0;
  while ((received = signals.wait()) == SIGHUP) runtime.reload();
  const auto grace = runtime.settings().exporter.shutdown_grace;
  log->info("{} received; shutting down{}", sigabbrev_np(received),
            grace.count() > 0 ? fmt::format(" after {}s of grace (/-/ready answers 503 meanwhile)", grace.count()) : "");
  server->drain();
  // A second SIGTERM or SIGINT cuts the grace short; SIGHUP still reloads.
  const auto grace_end = std::chrono::steady_clock::now() + grace;
  for (auto now = std::chrono::steady_clock::now(); now < grace_end; now = std::chrono::steady_clock::now()) {
    const int again = signals.wait_for(std::chrono::duration_cast<std::chrono::milliseconds>(grace_end - now));
    if (again == SIGHUP) runtime.reload();
    else if (again != 0) break;
  }
  server->stop();
  runtime.stop();
  log->info("stopped");
  return 0;
}
