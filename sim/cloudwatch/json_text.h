#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// Appends `text` as a JSON string, quotes included: '"', '\', \n, \t, \r and the other control characters (as \u00XX)
// escaped, everything else (UTF-8 included) as it is. CloudWatch's responses are written by hand rather than through a
// JSON library because a page can hold 100,800 values and must be written fast, with CloudWatch's own number format.
void append_json_string(std::string& out, std::string_view text);

}  // namespace rds_exporter::sim::cloudwatch
