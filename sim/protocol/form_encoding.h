#pragma once

#include "common/http_message.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim {

// Decodes one application/x-www-form-urlencoded component: '+' is a space and %XX a byte. A '%' without two
// hex digits after it stays as it is rather than failing the request.
std::string form_decode(std::string_view text);

// "a=1&b=2" (a form body or a query string) into decoded name/value pairs in the order given; a name alone
// has an empty value and empty pieces ("a=1&&b=2") are skipped.
common::QueryParams parse_form(std::string_view text);

}  // namespace rds_exporter::sim
