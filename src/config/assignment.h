#pragma once

#include "config/problem.h"

#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::config {

// A value as its source wrote it, before validation; std::nullopt is YAML's null (`key:` or `key: ~`).
using RawValue = std::optional<std::string>;

// One layer's claim that `key` should be `value`.
struct Assignment {
  std::string key;
  RawValue value;
  // Shown by --check-config as where the effective value came from, e.g. "env APP_EXPORTER_PORT".
  std::string source;
  // Prefixes a complaint about the value, e.g. "config/production.yaml:4: exporter.port".
  std::string where;
};

// What reading one layer (a file, the environment, the command line) produced.
struct LayerReading {
  std::vector<Assignment> assignments;
  std::vector<Problem> problems;
};

}  // namespace rds_exporter::config
