#include "sim/common/request_lookup.h"

#include "aws/sigv4/text.h"

namespace rds_exporter::sim {

const std::string* find_header(const aws::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (aws::equals_ignore_case_ascii(key, name)) return &value;
  }
  return nullptr;
}

const std::string* find_query(const aws::QueryParams& query, std::string_view name) {
  for (const auto& [key, value] : query) {
    if (key == name) return &value;
  }
  return nullptr;
}

}  // namespace rds_exporter::sim
