#include "sim/common/request_lookup.h"

#include "common/text.h"

namespace rds_exporter::sim {

const std::string* find_header(const common::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (common::equals_ignore_case_ascii(key, name)) return &value;
  }
  return nullptr;
}

const std::string* find_query(const common::QueryParams& query, std::string_view name) {
  for (const auto& [key, value] : query) {
    if (key == name) return &value;
  }
  return nullptr;
}

}  // namespace rds_exporter::sim
