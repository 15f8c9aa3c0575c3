#pragma once

#include "exposition/metric_family.h"

#include <filesystem>
#include <vector>

namespace rds_exporter::exposition {

// The process_* families the official Prometheus clients export on Linux, with their names and help
// texts, read from `proc_root`/self and `proc_root`/stat. A family whose source cannot be read or
// parsed is left out, so a restricted /proc costs those metrics and nothing else.
std::vector<MetricFamily> process_metrics(const std::filesystem::path& proc_root = "/proc");

}  // namespace rds_exporter::exposition
