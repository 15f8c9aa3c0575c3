#pragma once

#include <string_view>

namespace rds_exporter::sim::logs {

// Amazon CloudWatch Logs (API version 2014-03-28) on the wire: AWS JSON 1.1, POST / with X-Amz-Target
// "Logs_20140328.<Operation>", signed for "logs" (host logs.<region>.amazonaws.com).
inline constexpr std::string_view kSigningName = "logs";
inline constexpr std::string_view kTargetPrefix = "Logs_20140328";
inline constexpr std::string_view kApiVersion = "2014-03-28";
inline constexpr std::string_view kContentType = "application/x-amz-json-1.1";

// The log group Enhanced Monitoring writes to, one stream per instance named by its DbiResourceId.
inline constexpr std::string_view kOsMetricsGroup = "RDSOSMetrics";

}  // namespace rds_exporter::sim::logs
