#pragma once

#include "exposition/metric_family.h"

#include <string_view>

namespace rds_exporter::exposition {

// rds_exporter_build_info{version="…",revision="…"} 1, the conventional way to expose what is running.
MetricFamily build_info_family(std::string_view version, std::string_view revision);

}  // namespace rds_exporter::exposition
