#pragma once

#include <filesystem>

// The paths integration_test's CMake target passes in: the rds_exporter it runs and the repository's shipped
// config folder.
namespace rds_exporter::testing {

inline const std::filesystem::path kBinary = RDS_EXPORTER_BINARY;
inline const std::filesystem::path kShippedConfig = RDS_EXPORTER_CONFIG_DIR;

}  // namespace rds_exporter::testing
