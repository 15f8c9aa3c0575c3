#include "publishing/metric_names.h"

namespace rds_exporter::publishing {
namespace {

// Deliberately not std::isalnum/std::tolower: names must not depend on the C locale.
bool is_ascii_letter_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char to_lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string prometheus_metric_name(std::string_view cloudwatch_name) {
  std::string name = "rds_";
  name.reserve(name.size() + cloudwatch_name.size() + 8);
  for (const char c : cloudwatch_name) {
    if (c == '%') {
      name += "_percent";
    } else {
      name += is_ascii_letter_or_digit(c) || c == '_' || c == ':' ? to_lower_ascii(c) : '_';
    }
  }
  return name;
}

std::string tag_label_name(std::string_view tag_key) {
  std::string name = "tag_";
  name.reserve(name.size() + tag_key.size());
  // Case is kept: Prometheus label names are case-sensitive, and "Env" and "env" are different tags.
  for (const char c : tag_key) name += is_ascii_letter_or_digit(c) || c == '_' ? c : '_';
  return name;
}

}  // namespace rds_exporter::publishing
