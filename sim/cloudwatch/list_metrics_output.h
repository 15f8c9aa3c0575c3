#pragma once

#include "sim/cloudwatch/list_metrics.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// ListMetricsResponse for the Query protocol: Metrics (Namespace, MetricName, Dimensions of Name and Value),
// then NextToken when more follow.
std::string list_metrics_xml(const MetricsPage& page, std::string_view request_id);

// The same for AWS JSON 1.0: {"Metrics":[{"Namespace","MetricName","Dimensions":[{"Name","Value"}]}],"NextToken"}.
std::string list_metrics_json(const MetricsPage& page);

}  // namespace rds_exporter::sim::cloudwatch
