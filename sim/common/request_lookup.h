#pragma once

#include "common/http_message.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim {

// The first value of a header, by case-insensitive name; nullptr when absent.
const std::string* find_header(const common::Headers& headers, std::string_view name);

// The first value of a query parameter, by exact name; nullptr when absent.
const std::string* find_query(const common::QueryParams& query, std::string_view name);

}  // namespace rds_exporter::sim
