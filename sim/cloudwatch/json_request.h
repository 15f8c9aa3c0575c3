#pragma once

#include "sim/protocol/api_error.h"
#include "sim/protocol/query_parameters.h"

#include <string_view>
#include <variant>

namespace rds_exporter::sim::cloudwatch {

// An AWS JSON 1.0 request body as the Query parameters it stands for, so that one reader validates both
// protocols with the same messages (AWS's messages name parameters the Query way, whichever protocol asked):
// members become dotted names, list items "<name>.member.N" counting from 1, booleans "true"/"false", numbers
// their decimal text, and the top-level timestamps StartTime and EndTime (epoch seconds, fractions and exponents
// allowed, as the JS SDK sends them) ISO-8601 text. An empty body is the empty input {}; anything but a JSON
// object is SerializationException.
std::variant<QueryParameters, ApiError> json_to_query_parameters(std::string_view body);

}  // namespace rds_exporter::sim::cloudwatch
