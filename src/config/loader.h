#pragma once

#include "config/override_layer.h"
#include "config/problem.h"
#include "config/settings.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::config {

// Everything the loader reads from outside, passed in so tests need no real environment or cwd.
struct LoadRequest {
  std::optional<std::filesystem::path> config_dir;  // --config-dir
  std::map<std::string, std::string> environment;   // see process_environment()
  std::vector<Override> overrides;                  // command-line values, applied last, in order
  std::filesystem::path working_dir;                // resolves ./config and relative dirs; empty = cwd
  std::filesystem::path system_config_dir = "/etc/rds_exporter/config";
};

// The value a key ended up with, and the layer that set it.
struct EffectiveValue {
  std::string key;
  std::optional<std::string> value;  // std::nullopt: an optional key left unset
  std::string source;                // "default", "config/default.yaml:7", "env APP_EXPORTER_PORT", "flag --log-level"
};

struct LoadResult {
  std::optional<Settings> settings;  // present exactly when no problem is an error
  std::vector<Problem> problems;     // every error and warning found, in layer order
  std::string config_dir;            // as shown to the user; empty when none was found
  std::string config_dir_origin;     // "flag --config-dir", "env APP_CONFIG_DIR", "found ./config", ...
  std::string run_mode;
  std::string run_mode_origin;         // "env RUN_MODE" or "default"
  std::vector<EffectiveValue> values;  // every key in key-table order, even when there are errors
};

// Layers, lowest first: built-in defaults, <dir>/default.yaml, <dir>/<RUN_MODE>.yaml, APP_*
// variables, overrides. Keeps going past problems so that one run reports all of them.
LoadResult load_configuration(const LoadRequest& request);

}  // namespace rds_exporter::config
