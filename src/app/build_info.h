#pragma once

#include <string_view>

namespace rds_exporter::app {

// Identifies the running binary in --version, on the landing page and in rds_exporter_build_info.
struct BuildInfo {
  std::string_view version;
  std::string_view revision;
  std::string_view build_date;
};

const BuildInfo& build_info();

}  // namespace rds_exporter::app
