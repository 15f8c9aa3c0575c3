#pragma once

#include "config/assignment.h"

#include <span>
#include <string>

namespace rds_exporter::config {

// A value set on the command line, the highest layer.
struct Override {
  std::string key;     // dotted path, "log.level"
  std::string value;   // the empty string unsets an optional key
  std::string source;  // how the user wrote it, e.g. "flag --log-level" or "flag --set"
};

// Assignments for overrides of known keys; an unknown key is an error with a suggestion.
LayerReading read_override_layer(std::span<const Override> overrides);

}  // namespace rds_exporter::config
