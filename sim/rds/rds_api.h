#pragma once

#include <string_view>

namespace rds_exporter::sim {

// The RDS API version the simulator speaks, and the XML namespace of its responses.
inline constexpr std::string_view kRdsApiVersion = "2014-10-31";
inline constexpr std::string_view kRdsXmlNamespace = "http://rds.amazonaws.com/doc/2014-10-31/";

}  // namespace rds_exporter::sim
