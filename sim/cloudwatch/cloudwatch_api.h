#pragma once

#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// Amazon CloudWatch as its model names it (docs/aws-wire-formats.md#cloudwatch-protocols and
// docs/aws-wire-formats.md#getmetricdata-over-query).
inline constexpr std::string_view kSigningName = "monitoring";
inline constexpr std::string_view kApiVersion = "2010-08-01";
inline constexpr std::string_view kXmlNamespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";
// AWS JSON 1.0 requests name their operation as X-Amz-Target: "<prefix>.<Operation>".
inline constexpr std::string_view kJsonTargetPrefix = "GraniteServiceVersion20100801";
inline constexpr std::string_view kJsonContentType = "application/x-amz-json-1.0";

// The only namespace the simulated account publishes to.
inline constexpr std::string_view kRdsNamespace = "AWS/RDS";

}  // namespace rds_exporter::sim::cloudwatch
