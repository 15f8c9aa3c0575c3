#pragma once

#include "logging/level_spec.h"
#include "logging/log_format.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

#include <memory>
#include <string>

namespace rds_exporter::logging {

// Creates one logger per component (see component_names()) writing to `sink`, or to stderr when
// no sink is given, each at the level `spec` assigns it. Safe to call again to reconfigure.
void configure_logging(const LevelSpec& spec, LogFormat format, std::shared_ptr<spdlog::sinks::sink> sink = nullptr);

// The logger of a component; falls back to spdlog's default logger before configure_logging ran,
// so libraries and tests can log without setup.
std::shared_ptr<spdlog::logger> logger(const std::string& component);

}  // namespace rds_exporter::logging
