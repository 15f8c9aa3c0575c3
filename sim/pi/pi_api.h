#pragma once

#include <string_view>

namespace rds_exporter::sim::pi {

// Amazon RDS Performance Insights on the wire (docs/performance-insights.md#the-api): AWS JSON 1.1, POST / with
// X-Amz-Target "PerformanceInsightsv20180227.<Operation>", signed for "pi".
inline constexpr std::string_view kSigningName = "pi";
inline constexpr std::string_view kTargetPrefix = "PerformanceInsightsv20180227";
inline constexpr std::string_view kApiVersion = "2018-02-27";
inline constexpr std::string_view kContentType = "application/x-amz-json-1.1";

// The only ServiceType rds_sim simulates, and the other one the API knows (Amazon DocumentDB).
inline constexpr std::string_view kRdsServiceType = "RDS";
inline constexpr std::string_view kDocDbServiceType = "DOCDB";

}  // namespace rds_exporter::sim::pi
