#pragma once

#include "catalog/metric_catalog.h"

#include <span>
#include <string_view>

namespace rds_exporter::catalog {

// Enhanced Monitoring's OS metrics (docs/enhanced-monitoring.md), one row per exported series name: `name` and
// `exposed_name` are both the Prometheus name ("rds_os_cpu_ratio"), whatever the naming scheme; `unit` is the
// base unit the values are converted to ("Bytes", "Bytes/Second", "Seconds", "Ratio", "Count", "Count/Second",
// "None"); every engine, instance scope. Which document field feeds which row is collection/os_document.h's
// field table.
std::span<const MetricSpec> os_metric_catalog();

// The row whose exposed_name is `exposed_name` (exact case); nullptr when there is none.
const MetricSpec* find_os_metric(std::string_view exposed_name);

}  // namespace rds_exporter::catalog
