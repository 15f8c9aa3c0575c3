#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::http {

// The HTML page served at "/": what is running and where its endpoints are.
std::string landing_page(std::string_view version);

}  // namespace rds_exporter::http
