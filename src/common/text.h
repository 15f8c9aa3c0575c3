#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::common {

// Text helpers for protocol and configuration text, all locale-independent on purpose: header names, keys and
// schemes are ASCII, and std::tolower or std::isalnum would change their meaning under another locale (a
// Turkish one lower-cases 'I' to a dotless i).

char lower_ascii(char c);
char upper_ascii(char c);
std::string to_lower_ascii(std::string_view text);
bool equals_ignore_case_ascii(std::string_view a, std::string_view b);

bool is_ascii_digit(char c);
bool is_ascii_alpha(char c);
bool is_ascii_alnum(char c);

// Every piece between separators, empty ones included ("a,,b" gives three), so that callers can reject them.
std::vector<std::string_view> split(std::string_view text, char separator);

// Without leading and trailing spaces, tabs, CRs and LFs.
std::string_view trim(std::string_view text);

bool is_http_whitespace(char c);

}  // namespace rds_exporter::common
