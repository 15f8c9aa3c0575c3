#pragma once

#include "sim/cloudwatch/get_metric_statistics.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// GetMetricStatisticsResponse for the Query protocol (docs/aws-wire-formats.md#getmetricstatistics): Label, then
// Datapoints whose members follow the model's order (Timestamp, SampleCount, Average, Sum, Minimum, Maximum, Unit,
// ExtendedStatistics as <entry><key/><value/></entry>), numbers as Java writes them.
std::string get_metric_statistics_xml(const MetricStatistics& statistics, std::string_view request_id);

// The same for AWS JSON 1.0: {"Label":..,"Datapoints":[{"Timestamp":1.7145648E9,..,"ExtendedStatistics":{..}}]}.
std::string get_metric_statistics_json(const MetricStatistics& statistics);

}  // namespace rds_exporter::sim::cloudwatch
