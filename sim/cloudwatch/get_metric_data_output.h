#pragma once

#include "sim/cloudwatch/get_metric_data.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// GetMetricDataResponse for the Query protocol, member for member as in
// docs/aws-wire-formats.md#getmetricdata-answer: Timestamps in ISO-8601, Values and numbers as Java writes them
// (java_double.h), empty lists as <Timestamps/>.
std::string get_metric_data_xml(const MetricDataPage& page, std::string_view request_id);

// The same for AWS JSON 1.0: {"MetricDataResults":[{"Id","Label","Timestamps","Values","StatusCode",
// "Messages"}],"NextToken","Messages"}, timestamps as epoch seconds written as Java doubles (1.7145648E9).
std::string get_metric_data_json(const MetricDataPage& page);

}  // namespace rds_exporter::sim::cloudwatch
