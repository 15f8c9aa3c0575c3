// Wires the stages together: command line → configuration → logging → AWS session → pipeline (discovery,
// collection, snapshot, publishing) → HTTP server → signals.
#include "app/aws_check.h"
#include "app/build_info.h"
#include "app/command_line.h"
#include "app/exporter_pipeline.h"
#include "app/metrics_page.h"
#include "app/signal_waiter.h"
#include "aws/session/aws_session.h"
#include "config/loader.h"
#include "config/process_environment.h"
#include "config/render.h"
#include "http/server.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <cstring>

namespace {

constexpr int kRuntimeFailure = 1;
constexpr int kInvalidConfiguration = 2;

}  // namespace

int main(int argc, char** argv) {
  using namespace rds_exporter;

  const auto parsed = app::parse_command_line(argc, argv);
  if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  const auto& command_line = std::get<app::CommandLine>(parsed);

  config::LoadRequest request;
  request.config_dir = command_line.config_dir;
  request.environment = config::process_environment();
  request.overrides = command_line.overrides;
  const config::LoadResult loaded = config::load_configuration(request);
  fmt::print(stderr, "{}", config::render_problems(loaded.problems));
  if (command_line.check_config && loaded.settings) fmt::print("{}", config::render_effective_configuration(loaded));
  if (command_line.check_config || !loaded.settings) return loaded.settings ? 0 : kInvalidConfiguration;
  const config::Settings& settings = *loaded.settings;

  // Before any thread exists, so that only the main thread ever receives SIGTERM/SIGINT.
  const app::SignalWaiter signals;
  logging::configure_logging(settings.log.level, settings.log.format);
  const auto log = logging::logger("main");
  const app::BuildInfo& build = app::build_info();
  log->info("rds_exporter {} (revision {}) starting; config dir {} ({}), RUN_MODE {}", build.version, build.revision,
            loaded.config_dir, loaded.config_dir_origin, loaded.run_mode);

  auto session = aws::AwsSession::create(settings, request.environment, fmt::format("rds_exporter/{}", build.version));
  if (!session) {
    fmt::print(stderr, "error: {}\n", session.error());
    return kInvalidConfiguration;
  }
  if (command_line.check_aws) return app::run_aws_check(*session.value(), stdout);

  app::ExporterPipeline pipeline(settings, *session.value());
  const app::MetricsPage page(build, [&pipeline] { return pipeline.page(); },
                              {[&pipeline] { return pipeline.self_metrics(); }});
  http::Server server({settings.exporter.host, settings.exporter.port, std::string(build.version)},
                      [&page](bool gzip) { return page.render(gzip); }, [&pipeline] { return pipeline.health(); });
  if (const auto error = server.start()) {
    log->error("cannot serve HTTP: {}", *error);
    return kRuntimeFailure;
  }
  log->info("serving http://{}:{}/ (/metrics, /health)", settings.exporter.host, server.port());
  pipeline.start();

  const int received = signals.wait();
  log->info("{} received; shutting down", sigabbrev_np(received));
  server.stop();
  pipeline.stop();
  log->info("stopped");
  return 0;
}
