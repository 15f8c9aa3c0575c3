#pragma once

#include "aws/sigv4/http_request.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim {

// The first value of a header, by case-insensitive name; nullptr when absent.
const std::string* find_header(const aws::Headers& headers, std::string_view name);

// The first value of a query parameter, by exact name; nullptr when absent.
const std::string* find_query(const aws::QueryParams& query, std::string_view name);

}  // namespace rds_exporter::sim
