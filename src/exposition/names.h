#pragma once

#include <string_view>

namespace rds_exporter::exposition {

// [a-zA-Z_:][a-zA-Z0-9_:]*, Prometheus's metric name syntax.
bool is_valid_metric_name(std::string_view name);

// [a-zA-Z_][a-zA-Z0-9_]*, Prometheus's label name syntax, minus names starting with "__": Prometheus
// reserves those for itself and an exported one would collide with its internal labels.
bool is_valid_label_name(std::string_view name);

}  // namespace rds_exporter::exposition
