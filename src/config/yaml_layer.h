#pragma once

#include "config/assignment.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace rds_exporter::config {

// Reads one YAML config file into assignments for known keys. Structural problems (unknown keys,
// sequences, a mapping where a value belongs, unparsable YAML) come back as errors naming
// `display_name` and the 1-based line; values are validated later, by whoever applies them.
// A file that cannot be read (a directory, no permission) is one such error, never an exception.
LayerReading read_yaml_layer(const std::filesystem::path& file, const std::string& display_name);

// The same for YAML text already read from `display_name`.
LayerReading read_yaml_text(std::string_view text, const std::string& display_name);

}  // namespace rds_exporter::config
