#include "logging/log_setup.h"

#include "logging/json_formatter.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace rds_exporter::logging {

void configure_logging(const LevelSpec& spec, LogFormat format, std::shared_ptr<spdlog::sinks::sink> sink) {
  if (!sink) sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  if (format == LogFormat::json) {
    sink->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ [%n] %v",
                                                                    spdlog::pattern_time_type::utc));
  }
  spdlog::drop_all();
  for (const auto& component : component_names()) {
    auto component_logger = std::make_shared<spdlog::logger>(component, sink);
    component_logger->set_level(spec.level_for(component));
    // Errors reach the sink at once; an exporter killed by its orchestrator must not lose them.
    component_logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(component_logger);
  }
  spdlog::set_default_logger(spdlog::get("main"));
}

std::shared_ptr<spdlog::logger> logger(const std::string& component) {
  if (auto found = spdlog::get(component)) return found;
  return spdlog::default_logger();
}

}  // namespace rds_exporter::logging
