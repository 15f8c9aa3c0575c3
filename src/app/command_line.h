#pragma once

#include "config/override_layer.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <variant>
#include <vector>

namespace rds_exporter::app {

struct CommandLine {
  std::optional<std::filesystem::path> config_dir;
  bool check_config = false;
  bool check_aws = false;
  // --web.config.file: TLS, client certificates, basic auth and response headers, in exporter-toolkit's format.
  std::optional<std::filesystem::path> web_config_file;
  // --web.enable-lifecycle: POST /-/reload re-reads the configuration, as SIGHUP does.
  bool enable_lifecycle = false;
  // --testing.time-scale and --testing.time-origin (hidden; runs against rds_sim --time-scale only): the engine's
  // time runs this many times faster than real time, from this real wall time (default: the start).
  std::optional<std::int64_t> testing_time_scale;
  std::optional<std::chrono::system_clock::time_point> testing_time_origin;
  // --testing.time-backdate: the scaled wall time starts this long before the origin (rds_sim's --time-backdate).
  std::chrono::seconds testing_time_backdate{0};
  // Configuration values given as flags, the highest-precedence layer.
  std::vector<config::Override> overrides;
};

// Parses argv. When the command line asks for help or version, or is malformed, the text has
// already been printed and the variant holds the process exit code (0, or 2 for usage errors).
std::variant<CommandLine, int> parse_command_line(int argc, const char* const* argv);

}  // namespace rds_exporter::app
