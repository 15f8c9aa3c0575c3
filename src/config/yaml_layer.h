#pragma once

#include "config/assignment.h"

#include <filesystem>
#include <string>

namespace rds_exporter::config {

// Reads one YAML config file into assignments for known keys. Structural problems (unknown keys,
// sequences, a mapping where a value belongs, unparsable YAML) come back as errors naming
// `display_name` and the 1-based line; values are validated later, by whoever applies them.
LayerReading read_yaml_layer(const std::filesystem::path& file, const std::string& display_name);

}  // namespace rds_exporter::config
