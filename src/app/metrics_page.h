#pragma once

#include "app/build_info.h"

#include <string>

namespace rds_exporter::app {

// The /metrics body: what the exporter says about itself (build and process metrics). RDS
// metrics join it once collection exists (issue #6).
std::string render_metrics_page(const BuildInfo& build);

}  // namespace rds_exporter::app
