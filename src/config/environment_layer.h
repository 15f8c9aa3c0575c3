#pragma once

#include "config/assignment.h"

#include <map>
#include <string>

namespace rds_exporter::config {

// Names the config dir; read by the loader, and so not mistaken for a misspelt key.
inline constexpr const char* kConfigDirVariable = "APP_CONFIG_DIR";

// Assignments from the APP_* variables that name keys. Other APP_* variables only draw a warning,
// and only when they look like a misspelt key, since other software shares the prefix; their
// values are never repeated.
LayerReading read_environment_layer(const std::map<std::string, std::string>& environment);

}  // namespace rds_exporter::config
