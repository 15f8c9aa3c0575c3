#include "exposition/names.h"

#include <algorithm>

namespace rds_exporter::exposition {
namespace {

// Deliberately not std::isalpha: the result must not depend on the C locale.
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool is_name(std::string_view name, bool allow_colon) {
  auto is_first = [&](char c) { return is_ascii_letter(c) || c == '_' || (allow_colon && c == ':'); };
  auto is_rest = [&](char c) { return is_first(c) || is_ascii_digit(c); };
  return !name.empty() && is_first(name.front()) && std::all_of(name.begin() + 1, name.end(), is_rest);
}

}  // namespace

bool is_valid_metric_name(std::string_view name) { return is_name(name, true); }

bool is_valid_label_name(std::string_view name) { return is_name(name, false) && !name.starts_with("__"); }

}  // namespace rds_exporter::exposition
