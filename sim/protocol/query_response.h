#pragma once

#include "sim/protocol/xml_writer.h"

#include <functional>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// A successful Query response:
//   <{Operation}Response xmlns="..."><{Operation}Result>...</{Operation}Result>
//   <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></{Operation}Response>
// with `write_result` writing the Result element's children.
std::string query_response(std::string_view operation, std::string_view xml_namespace, std::string_view request_id,
                           const std::function<void(XmlWriter&)>& write_result, std::size_t expected_size = 4096);

}  // namespace rds_exporter::sim
