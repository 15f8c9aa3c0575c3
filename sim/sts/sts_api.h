#pragma once

#include <string_view>

namespace rds_exporter::sim {

// AWS Security Token Service, Query API.
inline constexpr std::string_view kStsApiVersion = "2011-06-15";
inline constexpr std::string_view kStsXmlNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

}  // namespace rds_exporter::sim
