#pragma once

#include "sim/protocol/api_error.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim {

// The Query protocol's error body:
//   <ErrorResponse xmlns="..."><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>
// with RequestId beside Error, not inside ResponseMetadata as in successful responses.
std::string error_response(const ApiError& error, std::string_view xml_namespace, std::string_view request_id);

}  // namespace rds_exporter::sim
