#include "common/http_message.h"

#include "common/text.h"

namespace rds_exporter::common {

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (equals_ignore_case_ascii(header_name, name)) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace rds_exporter::common
