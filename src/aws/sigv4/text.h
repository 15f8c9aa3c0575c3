#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// Locale-independent on purpose: header names are ASCII, and std::tolower would change their meaning under
// a Turkish locale.
std::string to_lower_ascii(std::string_view text);
bool equals_ignore_case_ascii(std::string_view a, std::string_view b);

// Every piece between separators, empty ones included ("a,,b" gives three), so that callers can reject them.
std::vector<std::string_view> split(std::string_view text, char separator);

// Without leading and trailing spaces, tabs, CRs and LFs.
std::string_view trim(std::string_view text);

bool is_http_whitespace(char c);

}  // namespace rds_exporter::aws
